package dev.conclab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60) // deadlock guard only
class ServeCommandTest {

    /** A writer that hands the first line to a future, so the test can talk to the site while the command runs. */
    private static final class FirstLine extends StringWriter {
        final CompletableFuture<String> line = new CompletableFuture<>();

        @Override
        public void flush() {
            String text = toString();
            if (text.contains("\n")) {
                line.complete(text.substring(0, text.indexOf('\n')));
            }
        }
    }

    @Test
    void serveSiteAnswersAfterItsLatencyOnLoopbackAndStopsAfterFor() throws Exception {
        var out = new FirstLine();
        var err = new StringWriter();
        var exit = CompletableFuture.supplyAsync(() -> Main.run(new String[]{"serve", "site", "--port", "0", "--latency", "20ms",
                "--body", "2KB", "--for", "2s"}, new PrintWriter(out, true), new PrintWriter(err, true)));
        String first = out.line.get(20, TimeUnit.SECONDS);
        assertThat(first).startsWith("conclab site listening on http://127.0.0.1:");
        URI site = URI.create(first.substring(first.indexOf("http://")));
        try (var client = HttpClient.newHttpClient()) {
            var response = client.send(HttpRequest.newBuilder(site).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).hasSize(2048);
        }
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString()).contains("served 1 answers");
    }

    @Test
    void badSettingsGetOneLineAndExitCode2() {
        var err = new StringWriter();
        int exit = Main.run(new String[]{"serve", "site", "--latency", "soon"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("conclab: 'soon' is not a duration; write e.g. 50ms, 1.5s, 250us or 0");

        err = new StringWriter();
        exit = Main.run(new String[]{"serve", "site", "--error-rate", "1.5", "--for", "1s"}, new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("error rate must be between 0 and 1");

        err = new StringWriter();
        exit = Main.run(new String[]{"serve"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("valid servers:").contains("site");
    }
}
