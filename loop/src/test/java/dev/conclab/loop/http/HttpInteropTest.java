package dev.conclab.loop.http;

import com.sun.net.httpserver.HttpExchange;
import dev.conclab.loop.Async;
import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP with real peers in both directions: the JDK's java.net.http.HttpClient against our
 * server, and our two clients against the JDK's own com.sun.net.httpserver server.
 */
@Timeout(60) // deadlock guard only
class HttpInteropTest {

    private EventLoop loop;
    private HttpServer server;

    private final List<dev.conclab.loop.LoopDiagnostic> reports = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        loop = EventLoop.builder().diagnostics(reports::add).build();
        server = HttpServer.start(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), this::handle);
        loop.startThread();
    }

    @AfterEach
    void stop() {
        loop.close();
    }

    private LoopFuture<HttpResponse> handle(HttpRequest request) {
        return switch (request.path()) {
            case "/hello" -> loop.sleep(Duration.ofMillis(5)).map(v -> HttpResponse.text(200, "hello " + request.query("name").orElse("?")));
            case "/echo" -> loop.completed(HttpResponse.of(200, request.headers().first("Content-Type").orElse("application/octet-stream"),
                    request.body()).withHeader("X-Method", request.method()));
            case "/chunks" -> loop.completed(HttpResponse.chunked(200, "text/plain", sink -> sink.write("one,".getBytes())
                    .then(v -> loop.sleep(Duration.ofMillis(2))).then(v -> sink.write("two,".getBytes())).then(v -> sink.write("three".getBytes()))));
            case "/fail" -> throw new IllegalStateException("handler bug");
            default -> loop.completed(HttpResponse.text(404, "no"));
        };
    }

    @Test
    void theJdkClientTalksToOurServerWithKeepAliveChunkedBodiesAndPosts() throws Exception {
        try (var jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int i = 0; i < 5; i++) {
                var response = jdk.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/hello?name=jdk" + i)).build(),
                        BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("hello jdk" + i);
                assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(("hello jdk" + i).length());
            }
            assertThat(server.stats().connections()).isEqualTo(1); // five requests, one kept-alive connection

            var chunked = jdk.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/chunks")).build(), BodyHandlers.ofString());
            assertThat(chunked.body()).isEqualTo("one,two,three");
            assertThat(chunked.headers().firstValue("Transfer-Encoding")).hasValue("chunked");

            byte[] big = new byte[300_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            var posted = jdk.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/echo"))
                    .header("Content-Type", "application/x-test").POST(BodyPublishers.ofByteArray(big)).build(), BodyHandlers.ofByteArray());
            assertThat(posted.body()).isEqualTo(big);
            assertThat(posted.headers().firstValue("X-Method")).hasValue("POST");

            var failed = jdk.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/fail")).build(), BodyHandlers.ofString());
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(server.stats().handlerFailures()).isEqualTo(1);
            assertThat(reports).singleElement().satisfies(d -> assertThat(d.failure()).hasMessage("handler bug"));
        }
    }

    @Test
    void manyConcurrentJdkRequestsAreAllAnswered() throws Exception {
        try (var jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            var futures = new ArrayList<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>>();
            for (int i = 0; i < 200; i++) {
                futures.add(jdk.sendAsync(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/hello?name=" + i)).build(),
                        BodyHandlers.ofString()));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get(30, TimeUnit.SECONDS).body()).isEqualTo("hello " + i);
            }
        }
    }

    @Test
    void ourClientsTalkToTheJdkServerWithContentLengthChunkedAndKeepAlive() throws Exception {
        var jdkServer = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jdkServer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        jdkServer.createContext("/fixed", exchange -> reply(exchange, "fixed body".getBytes(StandardCharsets.UTF_8), false));
        jdkServer.createContext("/chunked", exchange -> reply(exchange, "streamed ".repeat(1000).getBytes(StandardCharsets.UTF_8), true));
        jdkServer.createContext("/echo", exchange -> reply(exchange, exchange.getRequestBody().readAllBytes(), false));
        jdkServer.start();
        URI base = URI.create("http://127.0.0.1:" + jdkServer.getAddress().getPort());
        try {
            LoopHttpClient client = new LoopHttpClient(loop);
            List<String> bodies = loop.submit(() -> client.get(base.resolve("/fixed")).then(a -> client.get(base.resolve("/chunked"))
                    .then(b -> client.send(HttpRequest.post(base.resolve("/echo"), "text/plain", "posted".getBytes(StandardCharsets.UTF_8)))
                            .map(c -> List.of(a.bodyText(), b.bodyText(), c.bodyText()))))).get(30, TimeUnit.SECONDS);
            assertThat(bodies.get(0)).isEqualTo("fixed body");
            assertThat(bodies.get(1)).isEqualTo("streamed ".repeat(1000));
            assertThat(bodies.get(2)).isEqualTo("posted");
            var stats = loop.submit(() -> loop.completed(client.stats())).get(5, TimeUnit.SECONDS);
            assertThat(stats.requests()).isEqualTo(3);
            assertThat(stats.connectionsOpened()).isEqualTo(1); // kept alive across all three
            loop.submit(() -> {
                client.close();
                return loop.completed(null);
            }).get(5, TimeUnit.SECONDS);

            try (var blocking = new BlockingHttpClient()) {
                assertThat(blocking.get(base.resolve("/fixed")).bodyText()).isEqualTo("fixed body");
                assertThat(blocking.get(base.resolve("/chunked")).body()).hasSize(9000);
                assertThat(blocking.send(HttpRequest.post(base.resolve("/echo"), "text/plain", new byte[70_000])).body()).hasSize(70_000);
                assertThat(blocking.connectionsOpened()).isEqualTo(1);
            }
        } finally {
            jdkServer.stop(0);
        }
    }

    private static void reply(HttpExchange exchange, byte[] body, boolean chunked) throws IOException {
        exchange.sendResponseHeaders(200, chunked ? 0 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (chunked) {
                for (int i = 0; i < body.length; i += 1000) {
                    out.write(body, i, Math.min(1000, body.length - i));
                    out.flush();
                }
            } else {
                out.write(body);
            }
        }
    }

    @Test
    void cancellingARequestClosesItsConnectionAndTheServerCancelsItsHandler() throws Exception {
        var handlerCancelled = new java.util.concurrent.CompletableFuture<Boolean>();
        var slowLoop = EventLoop.create();
        var slow = HttpServer.start(slowLoop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), request -> {
            LoopFuture<Void> wait = slowLoop.sleep(Duration.ofHours(1));
            wait.onCancel(() -> handlerCancelled.complete(true));
            return wait.map(v -> HttpResponse.text(200, "too late"));
        });
        slowLoop.startThread();
        try {
            var client = new LoopHttpClient(loop);
            LoopFuture<HttpResponse>[] request = new LoopFuture[1];
            loop.submit(() -> {
                request[0] = client.get(slow.uri());
                return loop.sleep(Duration.ofMillis(100));
            }).get(10, TimeUnit.SECONDS);
            assertThat(loop.submit(() -> loop.completed(client.stats().open())).get(5, TimeUnit.SECONDS)).isEqualTo(1);

            loop.submit(() -> {
                request[0].cancel();
                return loop.completed(null);
            }).get(5, TimeUnit.SECONDS);

            assertThat(handlerCancelled.get(10, TimeUnit.SECONDS)).isTrue(); // the server saw the client go and cancelled the handler
            assertThat(loop.submit(() -> loop.completed(client.stats().open())).get(5, TimeUnit.SECONDS)).isZero();
            for (int i = 0; i < 100 && slow.stats().open() > 0; i++) {
                Thread.sleep(10);
            }
            assertThat(slow.stats().open()).isZero();
            assertThat(slow.stats().clientsGone()).isEqualTo(1);
        } finally {
            slowLoop.close();
        }
    }

    @Test
    void aRequestTimeoutFailsWithHttpTimeoutExceptionAndFreesTheConnection() throws Exception {
        // The handler of /hello waits 5 ms: a 1 ms budget cannot be met.
        var tight = new LoopHttpClient(loop, LoopHttpClient.Options.DEFAULTS.withRequestTimeout(Duration.ofMillis(1)));
        var outcome = loop.submit(() -> Async.gatherReturnExceptions(List.of(tight.get(server.uri().resolve("/hello"))))).get(10, TimeUnit.SECONDS);
        assertThat(outcome.getFirst()).isInstanceOfSatisfying(dev.conclab.loop.Outcome.Failure.class,
                f -> assertThat(f.failure()).isInstanceOf(java.net.http.HttpTimeoutException.class));
        var stats = loop.submit(() -> loop.completed(tight.stats())).get(5, TimeUnit.SECONDS);
        assertThat(stats.open() - stats.idle()).isZero(); // no connection is left busy: closed, or idle if never used
    }

    @Test
    void aServerClosingAKeptAliveConnectionIsNoticedAndTheNextRequestUsesANewOne() throws Exception {
        var shortIdle = EventLoop.create();
        var closer = HttpServer.start(shortIdle, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new HttpServer.Options(8192, 1024, Duration.ofSeconds(5), Duration.ofMillis(200)),
                request -> shortIdle.completed(HttpResponse.text(200, "ok")));
        shortIdle.startThread();
        try {
            var client = new LoopHttpClient(loop);
            String first = loop.submit(() -> client.get(closer.uri()).map(HttpResponse::bodyText)).get(5, TimeUnit.SECONDS);
            Thread.sleep(800); // the server's idle timeout closes the connection meanwhile
            String second = loop.submit(() -> client.get(closer.uri()).map(HttpResponse::bodyText)).get(5, TimeUnit.SECONDS);
            assertThat(first).isEqualTo("ok");
            assertThat(second).isEqualTo("ok");
            var stats = loop.submit(() -> loop.completed(client.stats())).get(5, TimeUnit.SECONDS);
            assertThat(stats.connectionsOpened()).isEqualTo(2);
        } finally {
            shortIdle.close();
        }
    }
}
