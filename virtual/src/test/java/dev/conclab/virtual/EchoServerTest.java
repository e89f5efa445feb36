package dev.conclab.virtual;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60) // deadlock guard only
class EchoServerTest {

    @Test
    void echoesEveryFetchFromManyVirtualThreadsOnLoopback() throws Exception {
        try (var server = EchoServer.start(0, Duration.ofMillis(5))) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            var fetch = new EchoFetch(server.address(), Duration.ofSeconds(20));
            var ok = new AtomicInteger();
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 500; i++) {
                    long id = i;
                    executor.submit(() -> {
                        if (fetch.fetch(id) == id) {
                            ok.incrementAndGet();
                        }
                        return null;
                    });
                }
            }
            assertThat(ok.get()).isEqualTo(500);
            assertThat(server.accepted()).isEqualTo(500);
        }
    }

    @Test
    void closeStopsTheServerAndItsConnections() throws Exception {
        var server = EchoServer.start(0, Duration.ZERO);
        var address = server.address();
        server.close();
        assertThatThrownBy(() -> new EchoFetch(address, Duration.ofSeconds(2)).fetch(1)).isInstanceOf(IOException.class);
    }

    @Test
    void aServerThatAnswersWrongOrHangsUpIsAClearError() throws Exception {
        try (var silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (var socket = silent.accept()) {
                    socket.getInputStream().read();
                } catch (IOException e) {
                    // the test is over
                }
            });
            var fetch = new EchoFetch(new InetSocketAddress(silent.getInetAddress(), silent.getLocalPort()), Duration.ofSeconds(5));
            assertThatThrownBy(() -> fetch.fetch(7)).isInstanceOf(IOException.class).hasMessageContaining("closed after 0 of 8 bytes");
        }
    }
}
