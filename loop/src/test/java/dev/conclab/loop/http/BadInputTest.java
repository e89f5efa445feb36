package dev.conclab.loop.http;

import dev.conclab.loop.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Malformed, oversized, slow and truncated requests get a status or a close, and the server keeps serving. */
@Timeout(60) // deadlock guard only
class BadInputTest {

    private EventLoop loop;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        loop = EventLoop.create();
        var options = new HttpServer.Options(1024, 4096, Duration.ofMillis(300), Duration.ofSeconds(5));
        server = HttpServer.start(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), options,
                request -> loop.completed(HttpResponse.text(200, "fine " + request.path())));
        loop.startThread();
    }

    @AfterEach
    void stop() {
        loop.close();
    }

    /** Sends raw bytes, reads until the server closes (or 5 s), returns what came back. */
    private String raw(String request, boolean closeOutput) throws IOException {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            if (closeOutput) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            var got = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                got.write(buffer, 0, n);
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private void assertStillServing() throws Exception {
        try (var jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            var response = jdk.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/after")).build(), BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("fine /after");
        }
    }

    @Test
    void aMalformedRequestLineGets400AndAClose() throws Exception {
        assertThat(raw("GARBAGE\r\n\r\n", false)).startsWith("HTTP/1.1 400 ").contains("Connection: close");
        assertThat(raw("GET /path HTTP/9.9\r\n\r\n", false)).startsWith("HTTP/1.1 505 ");
        assertThat(raw("GET / HTTP/1.1\r\nHost: x\r\nBad Header Name: y\r\n\r\n", false)).startsWith("HTTP/1.1 400 ");
        assertThat(server.stats().badRequests()).isEqualTo(3);
        assertStillServing();
    }

    @Test
    void anOversizedHeaderSectionGets431() throws Exception {
        String huge = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(5000) + "\r\n\r\n";
        assertThat(raw(huge, false)).startsWith("HTTP/1.1 431 ");
        assertStillServing();
    }

    @Test
    void aBodyOverTheLimitGets413() throws Exception {
        String big = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n" + "b".repeat(10000);
        assertThat(raw(big, false)).startsWith("HTTP/1.1 413 ");
        assertStillServing();
    }

    @Test
    void badChunkedEncodingGets400() throws Exception {
        String bad = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nhello\r\n0\r\n\r\n";
        assertThat(raw(bad, false)).startsWith("HTTP/1.1 400 ");
        assertStillServing();
    }

    @Test
    void aPeerThatClosesMidRequestIsDroppedQuietly() throws Exception {
        assertThat(raw("GET / HTTP/1.1\r\nHost: x\r\nX-Half", true)).isEmpty();
        assertThat(raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part", true)).isEmpty();
        assertStillServing();
        assertThat(server.stats().open()).isLessThanOrEqualTo(1);
    }

    @Test
    void aRequestTooSlowToArriveGets408() throws Exception {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)); // never finished
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 408 ");
        }
        assertStillServing();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndHttp10Closes() throws Exception {
        String two = "GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        String answer = raw(two, false);
        assertThat(answer.indexOf("fine /one")).isPositive().isLessThan(answer.indexOf("fine /two"));
        assertThat(raw("GET /old HTTP/1.0\r\n\r\n", false)).startsWith("HTTP/1.0 200 ").contains("fine /old");
    }

    @Test
    void manyBadClientsAtOnceDoNotStopTheServer() throws Exception {
        var threads = new java.util.ArrayList<Thread>();
        for (int i = 0; i < 50; i++) {
            int k = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    raw(k % 2 == 0 ? "\u0000\u0001\u0002 nonsense\r\n\r\n" : "GET / HTTP/1.1\r\nHost", true);
                } catch (IOException e) {
                    // A reset is an acceptable answer to nonsense.
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertStillServing();
    }
}
