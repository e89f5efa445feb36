package dev.conclab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.conclab.cli.CliTest.conclab;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(240) // deadlock guard only
class QueueCommandTest {

    @TempDir
    Path dir;

    @Test
    void queueAndEverySubcommandHaveHelp() {
        assertThat(conclab("--help").out()).contains("queue");
        for (String sub : new String[]{"worker", "send", "result", "inspect", "purge", "demo"}) {
            CliTest.Run run = conclab("queue", sub, "--help");
            assertThat(run.exit()).as(sub).isZero();
            assertThat(run.out()).as(sub).contains("Usage: conclab queue " + sub);
        }
    }

    @Test
    void badUsageIsOneLineWithExitCode2() {
        CliTest.Run bogus = conclab("queue", "send", "add", "1", "--broker", "ftp://x");
        assertThat(bogus.exit()).isEqualTo(2);
        assertThat(bogus.err().strip()).doesNotContain("\n").contains("unknown broker URL 'ftp://x'");
        CliTest.Run what = conclab("queue", "inspect", "everything", "--broker", "memory:");
        assertThat(what.exit()).isEqualTo(2);
        assertThat(what.err().strip()).isEqualTo("conclab: unknown inspect target 'everything'; valid: queues, active, scheduled, workers, dead");
        CliTest.Run pool = conclab("queue", "worker", "--pool", "gevent", "--broker", "memory:");
        assertThat(pool.exit()).isEqualTo(2);
        assertThat(pool.err()).contains("unknown pool 'gevent'");
    }

    @Test
    void unreachableBrokerIsOneLineWithExitCode1() {
        CliTest.Run run = conclab("queue", "send", "add", "1", "2", "--broker", "redis://127.0.0.1:1/0");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").contains("redis://127.0.0.1:1/0 unreachable");
    }

    @Test
    void sendInspectResultAndPurgeOnSqlite() {
        String url = "sqlite:" + dir.resolve("cli.db");
        CliTest.Run sent = conclab("queue", "send", "add", "2", "3", "--broker", url);
        assertThat(sent.exit()).isZero();
        String id = sent.out().strip();
        assertThat(id).hasSize(36);
        conclab("queue", "send", "noop", "--countdown", "1h", "--broker", url);
        assertThat(conclab("queue", "result", id, "--broker", url).out().strip()).isEqualTo("PENDING");
        assertThat(conclab("queue", "inspect", "queues", "--broker", url).out()).containsPattern("default\\s+1\\s+1\\s+0");
        assertThat(conclab("queue", "inspect", "scheduled", "--broker", url).out()).contains("\"task\":\"noop\"");
        assertThat(conclab("queue", "purge", "--broker", url).out().strip()).isEqualTo("purged 2 message(s) from default");
    }
}
