package dev.conclab.chapters.threading;

import dev.conclab.lab.peer.PythonPeer;
import dev.conclab.lab.report.Json;
import dev.conclab.lab.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 120, unit = TimeUnit.SECONDS) // deadlock guard only
class CPythonPeerTest {

    @Test
    void readsThePeersFiguresAndTheirSpeedups() throws Exception {
        var json = Json.mapper().readTree("""
                {"python": {"version": "3.13.1", "implementation": "cpython", "freeThreaded": true, "gilEnabled": false,
                            "switchIntervalSeconds": 0.005},
                 "cores": 2,
                 "cpu": {"unitNanos": 1e7, "iterations": 5, "sizes": [1, 2],
                         "sequential": [{"median": 10, "min": 9, "max": 11}, {"median": 20, "min": 20, "max": 20}],
                         "threads": [{"median": 10, "min": 10, "max": 10}, {"median": 10, "min": 8, "max": 16}]},
                 "convoy": {"hogs": 1, "thinkMs": 1,
                            "alone": {"requests": 9, "p50": 1, "p90": 2, "p99": 3, "max": 4, "hogCores": null},
                            "withHogs": {"requests": 3, "p50": 5, "p90": 6, "p99": 7, "max": 8, "hogCores": 0.9}},
                 "extra": "ignored"}
                """);
        CPythonPeer peer = CPythonPeer.read("CPython 3.13.1 (free-threaded)", json);
        var figures = peer.figures().orElseThrow();
        assertThat(figures.realLabel()).isEqualTo("CPython 3.13.1 (free-threaded), GIL disabled (real)");
        assertThat(figures.waits()).isNull();
        assertThat(figures.sweep()).isNull();
        var speedup = figures.cpu().threadSpeedup(2).orElseThrow();
        assertThat(speedup.median()).isEqualTo(2.0);
        assertThat(speedup.min()).isEqualTo(1.25);
        assertThat(speedup.max()).isEqualTo(2.5);
        assertThat(figures.cpu().threadSpeedup(8)).isEmpty();
        assertThat(figures.convoy().withHogs().hogCores()).isEqualTo(0.9);
        assertThat(figures.convoy().alone().hogCores()).isNull();
    }

    @Test
    void aPeerThatPrintsSomethingElseIsSkippedWithTheReason() throws Exception {
        var peer = CPythonPeer.read("CPython 3.11.2", Json.mapper().readTree("{\"cpu\": \"not a grid\"}"));
        assertThat(peer.figures()).isEmpty();
        assertThat(peer.skippedSentence()).startsWith("CPython: skipped: the peer ch02_threading.py printed figures of an unexpected shape");
        assertThatThrownBy(() -> new CPythonPeer(java.util.Optional.empty(), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRealPeerRunsTheChaptersWorkloadsWithCPythonThreads() {
        Requirements.require(PythonPeer.interpreter().isPresent(), "python3", "apt-get install python3");
        CPythonPeer peer = CPythonPeer.run(List.of("--parts", "cpu,wait,convoy,sweep", "--sizes", "1,2", "--cpu-unit-ms", "2",
                "--wait-ms", "2", "--warmup", "0", "--repeat", "1", "--convoy-seconds", "0.1", "--sweep-ms", "1,5",
                "--sweep-seconds", "0.1", "--max-requests", "50"), Duration.ofSeconds(90));
        assertThat(peer.skipped()).isNull();
        var figures = peer.figures().orElseThrow();
        assertThat(figures.label()).startsWith("CPython 3.");
        assertThat(figures.cpu().sizes()).containsExactly(1, 2);
        assertThat(figures.cpu().threadSpeedup(2)).isPresent();
        assertThat(figures.waits().threadSpeedup(2)).isPresent();
        assertThat(figures.convoy().alone().requests()).isPositive();
        assertThat(figures.convoy().withHogs().hogCores()).isPositive();
        assertThat(figures.sweep().intervalsMs()).containsExactly(1.0, 5.0);
        assertThat(figures.sweep().points()).hasSize(2).allSatisfy(p -> assertThat(p.requests()).isPositive());
    }
}
