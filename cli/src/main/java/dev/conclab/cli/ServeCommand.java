package dev.conclab.cli;

import dev.conclab.loop.site.LatencySite;
import dev.conclab.loop.site.Units;
import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
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
        subcommands = {ServeCommand.Echo.class, ServeCommand.Site.class})
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

    @Command(name = "site", mixinStandardHelpOptions = true,
            description = {"A local web site whose pages answer after a set latency, for experiments with waiting "
                    + "(chapter 4, and the scraping and API chapters). Endpoints: / (the body after the latency), /bytes/N, "
                    + "/delay/MS, /status/CODE, /chunked/N, /page/I (HTML with links), /health, /stats; "
                    + "?latency=, ?jitter= and ?size= override the settings per request.",
                    "Runs until Ctrl-C (or --for)."})
    static final class Site implements Callable<Integer> {

        @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind (default 127.0.0.1: this machine only).")
        String host = "127.0.0.1";

        @Option(names = "--port", paramLabel = "P", description = "Port (default 8080; 0 picks a free one).")
        int port = 8080;

        @Option(names = "--latency", paramLabel = "DURATION", description = "How long each answer waits, e.g. 50ms, 1s (default 50ms).")
        String latency = "50ms";

        @Option(names = "--jitter", paramLabel = "DURATION", description = "Each wait varies by up to this much either way (default 0).")
        String jitter = "0";

        @Option(names = "--body", paramLabel = "SIZE", description = "Body size of /, e.g. 1KB, 64KiB, 2MB (default 1KB; KB = 1,024 bytes).")
        String body = "1KB";

        @Option(names = "--error-rate", paramLabel = "FRACTION", description = "Fraction of answers of / that are 500 errors, 0 to 1 (default 0).")
        double errorRate;

        @Option(names = "--seed", paramLabel = "N", description = "Seed of the jitter and the errors (default 1).")
        long seed = 1;

        @Option(names = "--for", paramLabel = "DURATION", description = "Stop after this long (default: run until Ctrl-C).")
        String duration;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LatencySite.Settings settings;
            Duration runFor;
            try {
                settings = new LatencySite.Settings(host, port, Units.duration(latency), Units.duration(jitter),
                        Math.toIntExact(Units.bytes(body)), errorRate, seed);
                runFor = duration == null ? null : Units.duration(duration);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new UsageException(e.getMessage());
            }
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            LatencySite site;
            try {
                site = LatencySite.start(settings);
            } catch (BindException e) {
                throw new UsageException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); pick another --port, or 0 for any free one");
            } catch (IOException e) {
                throw new UsageException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
            }
            try (site) {
                if (!site.uri().getHost().startsWith("127.") && !host.equals("localhost") && !host.equals("::1")) {
                    err.println("conclab: warning: the site listens on " + host + ", reachable from other machines");
                }
                out.printf("%s%s%n", LatencySite.READY_LINE, site.uri());
                out.printf("latency %s, jitter %s, body %d bytes, error rate %s; try: curl %sdelay/100%n",
                        Units.format(settings.latency()), Units.format(settings.jitter()), settings.bodyBytes(), settings.errorRate(), site.uri());
                out.flush();
                var stop = new CountDownLatch(1);
                Thread hook = Thread.ofPlatform().unstarted(stop::countDown);
                Runtime.getRuntime().addShutdownHook(hook);
                boolean timedOut = runFor == null ? waitForever(stop) : !stop.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
                if (timedOut) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
                var stats = site.stats();
                out.printf("served %d answers (%d injected errors) on %d connections%n", stats.answered(), stats.errors(), stats.connections());
            }
            return Main.OK;
        }

        private static boolean waitForever(CountDownLatch stop) throws InterruptedException {
            stop.await();
            return false;
        }
    }
}
