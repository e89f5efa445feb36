package dev.conclab.cli;

import dev.conclab.virtual.EchoServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run one of the lab's local servers until Ctrl-C (loopback by default).",
        subcommands = {ServeCommand.Echo.class})
final class ServeCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new UsageException("name a server; valid servers: " + String.join(", ", spec.subcommands().keySet()));
    }

    @Command(name = "echo", mixinStandardHelpOptions = true,
            description = "A TCP echo server, one virtual thread per connection, answering after --delay.")
    static final class Echo implements Callable<Integer> {
        @Option(names = "--port", description = "Port (default: 7007; 0 picks a free one).", defaultValue = "7007")
        int port;

        @Option(names = "--delay", description = "Wait before each answer, e.g. 50ms (default: 0).", defaultValue = "0ms",
                converter = DurationConverter.class)
        Duration delay;

        @Option(names = "--bind", description = "Address to listen on (default: the loopback address).")
        String bind;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var address = bind == null ? new InetSocketAddress(InetAddress.getLoopbackAddress(), port)
                    : new InetSocketAddress(InetAddress.getByName(bind), port);
            try (var server = EchoServer.start(address, delay)) {
                var out = spec.commandLine().getOut();
                out.printf("echo server on %s:%d, answering after %d ms; Ctrl-C stops it%n",
                        server.address().getHostString(), server.port(), delay.toMillis());
                out.flush();
                var stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
                stopped.await();
                out.printf("served %d connections, %d answers%n", server.accepted(), server.echoed());
            }
            return Main.OK;
        }
    }
}
