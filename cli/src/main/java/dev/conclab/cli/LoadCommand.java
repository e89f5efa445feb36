package dev.conclab.cli;

import dev.conclab.lab.report.Format;
import dev.conclab.virtual.EchoLoad;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load generators for the lab's local servers: bounded in count and time, loopback targets only.",
        subcommands = {LoadCommand.Echo.class})
final class LoadCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new UsageException("name a target; valid targets: " + String.join(", ", spec.subcommands().keySet()));
    }

    @Command(name = "echo", mixinStandardHelpOptions = true,
            description = "Blocking fetches against conclab serve echo, one virtual thread per connection.")
    static final class Echo implements Callable<Integer> {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Loopback address of the server (default: 127.0.0.1).")
        String host;

        @Option(names = "--port", defaultValue = "7007", description = "Port (default: 7007).")
        int port;

        @Option(names = "--connections", defaultValue = "1000", description = "Concurrent connections (default: 1000).")
        int connections;

        @Option(names = "--requests", defaultValue = "10", description = "Fetches per connection (default: 10).")
        int requests;

        @Option(names = "--max-time", defaultValue = "30s", converter = DurationConverter.class,
                description = "Stop after this long whatever is left (default: 30s).")
        Duration maxTime;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            EchoLoad.Result r;
            try {
                r = EchoLoad.run(new InetSocketAddress(InetAddress.getByName(host), port), connections, requests, maxTime);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            var out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%d connections: %d fetches answered, %d failed in %s (%.0f/s); latency p50 %s, p99 %s, max %s%n",
                    r.connections(), r.completed(), r.failed(), Format.duration(r.wallNanos()), r.perSecond(),
                    Format.duration(r.p50Nanos()), Format.duration(r.p99Nanos()), Format.duration(r.maxNanos()));
            if (r.firstError() != null) {
                out.println("first failure: " + r.firstError());
            }
            return r.failed() == 0 ? Main.OK : Main.FAILED;
        }
    }
}
