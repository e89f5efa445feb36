package dev.conclab.loop.site;

import dev.conclab.loop.http.BlockingHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60) // deadlock guard only
class LatencySiteTest {

    @Test
    void endpointsAnswerAsDocumentedAndNeverBeforeTheLatency() throws Exception {
        var settings = LatencySite.Settings.DEFAULTS.withLatency(Duration.ofMillis(30)).withBody(2000);
        try (var site = LatencySite.start(settings); var client = new BlockingHttpClient()) {
            assertThat(site.uri().getHost()).isEqualTo("127.0.0.1");
            long started = System.nanoTime();
            var root = client.get(site.uri());
            // A lower bound only: the site must not answer before its latency; slowness cannot fail this.
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
            assertThat(root.status()).isEqualTo(200);
            assertThat(root.body()).hasSize(2000);

            assertThat(client.get(site.uri().resolve("/bytes/10")).body()).hasSize(10);
            assertThat(client.get(site.uri().resolve("/?size=4KB&latency=0")).body()).hasSize(4096);
            assertThat(client.get(site.uri().resolve("/status/503?latency=1ms")).status()).isEqualTo(503);
            assertThat(client.get(site.uri().resolve("/chunked/1000?chunks=7&latency=0")).body()).hasSize(1000);
            assertThat(client.get(site.uri().resolve("/page/3?latency=0")).bodyText()).contains("<title>Page 3</title>").contains("href=\"/page/");
            assertThat(client.get(site.uri().resolve("/health")).bodyText()).isEqualTo("ok\n");
            assertThat(client.get(site.uri().resolve("/nowhere")).status()).isEqualTo(404);
            assertThat(client.get(site.uri().resolve("/bytes/abc")).status()).isEqualTo(400);
            assertThat(client.get(site.uri().resolve("/?latency=forever")).status()).isEqualTo(400);
            assertThat(client.get(site.uri().resolve("/stats")).bodyText()).contains("\"answered\": 6");
            assertThat(site.stats().answered()).isEqualTo(6);
        }
    }

    @Test
    void theErrorRateIsDeterministicForASeedAndApproximatelyHonoured() throws Exception {
        var settings = LatencySite.Settings.DEFAULTS.withLatency(Duration.ZERO).withErrorRate(0.3);
        try (var site = LatencySite.start(settings); var client = new BlockingHttpClient()) {
            int errors = 0;
            for (int i = 0; i < 200; i++) {
                if (client.get(site.uri()).status() == 500) {
                    errors++;
                }
            }
            assertThat(errors).isBetween(30, 90);
            assertThat(site.stats().errors()).isEqualTo(errors);
        }
    }

    @Test
    void settingsReadTheCommandLineAndRejectNonsenseInOneLine() {
        var parsed = LatencySite.Settings.parse(List.of("--port", "8080", "--latency", "20ms", "--jitter", "5ms", "--body", "1KB",
                "--error-rate", "0.01"));
        assertThat(parsed.port()).isEqualTo(8080);
        assertThat(parsed.latency()).isEqualTo(Duration.ofMillis(20));
        assertThat(parsed.bodyBytes()).isEqualTo(1024);
        assertThat(LatencySite.Settings.parse(parsed.toArgs())).isEqualTo(parsed);
        assertThatThrownBy(() -> LatencySite.Settings.parse(List.of("--latency", "soon"))).hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> LatencySite.Settings.parse(List.of("--error-rate", "2"))).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> LatencySite.Settings.parse(List.of("--colour", "red"))).hasMessageContaining("unknown option --colour");
        assertThat(Units.bytes("16KiB")).isEqualTo(16384);
        assertThat(Units.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aSiteInItsOwnProcessServesAndStopsWithIt() throws Exception {
        ProcessHandle child;
        try (var site = SiteProcess.start(LatencySite.Settings.DEFAULTS.withLatency(Duration.ofMillis(5)));
             var jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            child = ProcessHandle.of(site.pid()).orElseThrow();
            assertThat(child.isAlive()).isTrue();
            var response = jdk.send(HttpRequest.newBuilder(site.uri()).build(), BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).hasSize(1024);
        }
        assertThat(child.isAlive()).isFalse();
    }
}
