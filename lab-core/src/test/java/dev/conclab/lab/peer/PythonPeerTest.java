package dev.conclab.lab.peer;

import dev.conclab.lab.testing.Requirements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PythonPeerTest {

    private Path script;

    private String write(String name, String code) throws Exception {
        Files.createDirectories(PythonPeer.peersFolder());
        script = PythonPeer.peersFolder().resolve(name);
        Files.writeString(script, code);
        return name;
    }

    @AfterEach
    void removeScript() throws Exception {
        if (script != null) {
            Files.deleteIfExists(script);
        }
    }

    @Test
    void runsAPeerAndReadsItsJson() throws Exception {
        Requirements.require(PythonPeer.interpreter().isPresent(), "python3", "apt-get install python3");
        String name = write("_test_echo.py", "import sys, json\nprint('working', file=sys.stderr)\nprint(json.dumps({'args': sys.argv[1:], 'n': 3}))\n");
        var outcome = PythonPeer.run(name, List.of("a", "b"), List.of(), Duration.ofSeconds(30));
        assertThat(outcome).isInstanceOfSatisfying(PythonPeer.Ran.class, ran -> {
            assertThat(ran.json().get("n").asInt()).isEqualTo(3);
            assertThat(ran.json().get("args").toString()).isEqualTo("[\"a\",\"b\"]");
            assertThat(ran.interpreter().label()).startsWith("CPython 3.");
        });
    }

    @Test
    void aMissingModuleSkipsWithTheDebianPackageToInstall() throws Exception {
        Requirements.require(PythonPeer.interpreter().isPresent(), "python3", "apt-get install python3");
        String name = write("_test_module.py", "print('{}')\n");
        var outcome = PythonPeer.run(name, List.of(), List.of("no_such_module_xyz=python3-xyz"), Duration.ofSeconds(30));
        assertThat(outcome).isInstanceOfSatisfying(PythonPeer.Skipped.class,
                s -> assertThat(s.reason()).contains("no_such_module_xyz").contains("apt-get install python3-xyz"));
    }

    @Test
    void aFailingOrSlowPeerIsReportedNotThrown() throws Exception {
        Requirements.require(PythonPeer.interpreter().isPresent(), "python3", "apt-get install python3");
        String failing = write("_test_fail.py", "import sys\nprint('boom', file=sys.stderr)\nsys.exit(3)\n");
        assertThat(PythonPeer.run(failing, List.of(), List.of(), Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(PythonPeer.Skipped.class, s -> assertThat(s.reason()).contains("exit 3").contains("boom"));
        String slow = write("_test_slow.py", "import time\ntime.sleep(30)\n");
        assertThat(PythonPeer.run(slow, List.of(), List.of(), Duration.ofMillis(500)))
                .isInstanceOfSatisfying(PythonPeer.Skipped.class, s -> assertThat(s.reason()).contains("did not finish"));
    }

    @Test
    void aMissingPeerFileIsSkipped() {
        assertThat(PythonPeer.run("_no_such_peer.py", List.of(), List.of(), Duration.ofSeconds(5)))
                .isInstanceOf(PythonPeer.Skipped.class);
    }
}
