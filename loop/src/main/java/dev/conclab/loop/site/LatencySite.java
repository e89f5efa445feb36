package dev.conclab.loop.site;

import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;
import dev.conclab.loop.http.HttpHandler;
import dev.conclab.loop.http.HttpRequest;
import dev.conclab.loop.http.HttpResponse;
import dev.conclab.loop.http.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local web site whose pages answer after a set latency: the stand-in for a remote service
 * in experiments about waiting (chapter 4 measures clients against it; the scraping and API
 * chapters crawl and call it). It runs an {@link HttpServer} on its own {@link EventLoop}
 * thread, so ten thousand requests can wait at once at the cost of ten thousand timers.
 *
 * <table>
 *   <caption>Endpoints (GET)</caption>
 *   <tr><td>{@code /}</td><td>{@code body} bytes after {@code latency} ± {@code jitter}; a 500 with probability {@code errorRate}</td></tr>
 *   <tr><td>{@code /bytes/N}</td><td>N bytes, after the latency</td></tr>
 *   <tr><td>{@code /delay/MS}</td><td>the body after MS milliseconds instead of the latency</td></tr>
 *   <tr><td>{@code /status/CODE}</td><td>that status, after the latency</td></tr>
 *   <tr><td>{@code /chunked/N?chunks=K}</td><td>N bytes sent as K chunks (Transfer-Encoding: chunked)</td></tr>
 *   <tr><td>{@code /page/I?links=K&pages=P}</td><td>an HTML page linking to K other pages of a P-page site (for crawlers)</td></tr>
 *   <tr><td>{@code /health}</td><td>"ok" at once</td></tr>
 *   <tr><td>{@code /stats}</td><td>counters as JSON, at once</td></tr>
 * </table>
 * Every delayed endpoint also takes {@code ?latency=20ms}, {@code ?jitter=5ms} and {@code ?size=4KB}.
 *
 * <p>Deterministic: the jitter and the errors come from a random generator with a fixed
 * {@code seed}. Bound to loopback unless told otherwise. Thread-safe: {@link #stats()},
 * {@link #uri()} and {@link #close()} may be called from any thread.
 */
public final class LatencySite implements AutoCloseable {

    /** The line a site started by {@link #main} prints first on standard output, followed by its URL. */
    public static final String READY_LINE = "conclab site listening on ";

    /**
     * How the site answers.
     *
     * @param host      address to bind ("127.0.0.1": loopback only)
     * @param port      port, 0 for any free one
     * @param latency   how long each answer waits
     * @param jitter    each wait varies uniformly by up to this much either way (never below 0)
     * @param bodyBytes size of the body of {@code /}
     * @param errorRate fraction of answers of {@code /} that are 500 errors, from 0 to 1
     * @param seed      seed of the jitter and the errors
     */
    public record Settings(String host, int port, Duration latency, Duration jitter, int bodyBytes, double errorRate, long seed) {

        public static final Settings DEFAULTS = new Settings("127.0.0.1", 0, Duration.ofMillis(50), Duration.ZERO, 1024, 0.0, 1);
        /** Largest body the site makes (the server keeps one copy per size asked for). */
        public static final int MAX_BODY = 64 * 1024 * 1024;

        public Settings {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            if (latency.isNegative() || jitter.isNegative()) {
                throw new IllegalArgumentException("latency and jitter must not be negative");
            }
            if (bodyBytes < 0 || bodyBytes > MAX_BODY) {
                throw new IllegalArgumentException("body must be 0.." + MAX_BODY + " bytes, got " + bodyBytes);
            }
            if (!(errorRate >= 0 && errorRate <= 1)) {
                throw new IllegalArgumentException("error rate must be between 0 and 1, got " + errorRate);
            }
        }

        public Settings withPort(int p) {
            return new Settings(host, p, latency, jitter, bodyBytes, errorRate, seed);
        }

        public Settings withLatency(Duration d) {
            return new Settings(host, port, d, jitter, bodyBytes, errorRate, seed);
        }

        public Settings withJitter(Duration d) {
            return new Settings(host, port, latency, d, bodyBytes, errorRate, seed);
        }

        public Settings withBody(int bytes) {
            return new Settings(host, port, latency, jitter, bytes, errorRate, seed);
        }

        public Settings withErrorRate(double rate) {
            return new Settings(host, port, latency, jitter, bodyBytes, rate, seed);
        }

        public Settings withHost(String h) {
            return new Settings(h, port, latency, jitter, bodyBytes, errorRate, seed);
        }

        /** The command-line form that {@link #parse} reads back. */
        public List<String> toArgs() {
            return List.of("--host", host, "--port", String.valueOf(port), "--latency", Units.format(latency),
                    "--jitter", Units.format(jitter), "--body", String.valueOf(bodyBytes),
                    "--error-rate", String.valueOf(errorRate), "--seed", String.valueOf(seed));
        }

        /**
         * Reads {@code --host H --port P --latency 50ms --jitter 5ms --body 1KB --error-rate 0.01 --seed N}.
         *
         * @throws IllegalArgumentException naming the bad argument
         */
        public static Settings parse(List<String> args) {
            Settings s = DEFAULTS;
            for (int i = 0; i < args.size(); i += 2) {
                String name = args.get(i);
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                String value = args.get(i + 1);
                try {
                    s = switch (name) {
                        case "--host" -> s.withHost(value);
                        case "--port" -> s.withPort(Integer.parseInt(value));
                        case "--latency" -> s.withLatency(Units.duration(value));
                        case "--jitter" -> s.withJitter(Units.duration(value));
                        case "--body" -> s.withBody(Math.toIntExact(Units.bytes(value)));
                        case "--error-rate" -> s.withErrorRate(Double.parseDouble(value));
                        case "--seed" -> new Settings(s.host, s.port, s.latency, s.jitter, s.bodyBytes, s.errorRate, Long.parseLong(value));
                        default -> throw new IllegalArgumentException("unknown option " + name
                                + "; valid: --host, --port, --latency, --jitter, --body, --error-rate, --seed");
                    };
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new IllegalArgumentException("bad value '" + value + "' for " + name);
                }
            }
            return s;
        }
    }

    /**
     * Counters of answers, readable from any thread.
     *
     * @param answered   answers sent by the delayed endpoints
     * @param errors     500s sent because of the error rate
     * @param inFlight   requests waiting for their latency now
     * @param connections connections accepted
     * @param clientsGone clients that left before their answer
     */
    public record Stats(long answered, long errors, long inFlight, long connections, long clientsGone) {
    }

    private final Settings settings;
    private final EventLoop loop;
    private final HttpServer server;
    private final Site site;

    private LatencySite(Settings settings, EventLoop loop, HttpServer server, Site site) {
        this.settings = settings;
        this.loop = loop;
        this.server = server;
        this.site = site;
    }

    /** Starts the site on a loop thread of its own. */
    public static LatencySite start(Settings settings) throws IOException {
        var loop = EventLoop.builder().name("latency-site").build();
        var site = new Site(loop, settings);
        HttpServer server;
        try {
            server = HttpServer.start(loop, new InetSocketAddress(settings.host(), settings.port()),
                    new HttpServer.Options(8 * 1024, 1024 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(60)), site);
        } catch (IOException | RuntimeException e) {
            loop.close();
            throw e;
        }
        site.server = server;
        loop.startThread();
        return new LatencySite(settings, loop, server, site);
    }

    /**
     * The site's request handler, to serve it on a loop of your own
     * ({@code HttpServer.start(loop, address, LatencySite.handler(loop, settings))}).
     */
    public static HttpHandler handler(EventLoop loop, Settings settings) {
        return new Site(loop, settings);
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public URI uri() {
        return server.uri();
    }

    public Settings settings() {
        return settings;
    }

    public Stats stats() {
        var http = server.stats();
        return new Stats(site.answered.get(), site.errors.get(), site.inFlight.get(), http.connections(), http.clientsGone());
    }

    /** Stops the site: closes every connection and its loop thread. */
    @Override
    public void close() {
        if (loop.isClosed()) {
            return;
        }
        var closed = new CompletableFuture<Void>();
        try {
            loop.callSoonThreadsafe(() -> {
                server.close();
                closed.complete(null);
            });
            closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing anyway: the loop's close below closes every socket.
        }
        loop.close();
    }

    /**
     * Runs a site in this process until standard input closes (so a parent process that dies
     * takes it along): {@code java -cp ... dev.conclab.loop.site.LatencySite --port 0 --latency 50ms}.
     * Prints {@value #READY_LINE}URL on standard output when it accepts connections.
     */
    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("latency site: " + e.getMessage());
            System.exit(2);
            return;
        }
        try (var running = start(settings)) {
            System.out.println(READY_LINE + running.uri());
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // Wait for the parent to close our standard input.
            }
        }
    }

    /** The handler: endpoints, latency timers and counters. Loop-bound except for the counters. */
    private static final class Site implements HttpHandler {
        private final EventLoop loop;
        private final Settings settings;
        private final SplittableRandom random;
        private final Map<Integer, byte[]> bodies = new HashMap<>();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong inFlight = new AtomicLong();
        HttpServer server;

        Site(EventLoop loop, Settings settings) {
            this.loop = loop;
            this.settings = settings;
            this.random = new SplittableRandom(settings.seed());
        }

        @Override
        public LoopFuture<HttpResponse> handle(HttpRequest request) {
            if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                return loop.completed(HttpResponse.text(405, "only GET and HEAD\n").withHeader("Allow", "GET, HEAD"));
            }
            String path = request.path();
            String[] parts = path.substring(1).split("/", -1);
            try {
                return switch (parts[0]) {
                    case "" -> {
                        int size = size(request, settings.bodyBytes());
                        yield delayed(request, () -> {
                            if (settings.errorRate() > 0 && random.nextDouble() < settings.errorRate()) {
                                errors.incrementAndGet();
                                return HttpResponse.text(500, "injected error (error rate " + settings.errorRate() + ")\n");
                            }
                            return HttpResponse.ok(body(size));
                        });
                    }
                    case "bytes" -> {
                        int size = intPart(parts, "bytes", 0, Settings.MAX_BODY);
                        yield delayed(request, () -> HttpResponse.ok(body(size)));
                    }
                    case "delay" -> {
                        int millis = intPart(parts, "delay", 0, 600_000);
                        int size = size(request, settings.bodyBytes());
                        yield delayedBy(Duration.ofMillis(millis), () -> HttpResponse.ok(body(size)));
                    }
                    case "status" -> {
                        int status = intPart(parts, "status", 100, 999);
                        yield delayed(request, () -> HttpResponse.text(status, "status " + status + "\n"));
                    }
                    case "chunked" -> {
                        int total = intPart(parts, "chunked", 0, Settings.MAX_BODY);
                        int chunks = Math.max(1, Integer.parseInt(request.query("chunks").orElse("4")));
                        yield delayed(request, () -> chunked(total, chunks));
                    }
                    case "page" -> {
                        int page = intPart(parts, "page", 0, Integer.MAX_VALUE);
                        int links = Integer.parseInt(request.query("links").orElse("5"));
                        int pages = Integer.parseInt(request.query("pages").orElse("1000"));
                        yield delayed(request, () -> page(page, links, pages));
                    }
                    case "health" -> loop.completed(HttpResponse.text(200, "ok\n"));
                    case "stats" -> loop.completed(HttpResponse.of(200, "application/json", statsJson().getBytes(StandardCharsets.UTF_8)));
                    default -> loop.completed(HttpResponse.text(404, "no such page: " + path
                            + "; try /, /bytes/N, /delay/MS, /status/CODE, /chunked/N, /page/I, /health, /stats\n"));
                };
            } catch (IllegalArgumentException e) {
                return loop.completed(HttpResponse.text(400, e.getMessage() + "\n"));
            }
        }

        private LoopFuture<HttpResponse> delayed(HttpRequest request, java.util.function.Supplier<HttpResponse> answer) {
            Duration latency = request.query("latency").map(Units::duration).orElse(settings.latency());
            Duration jitter = request.query("jitter").map(Units::duration).orElse(settings.jitter());
            long nanos = latency.toNanos();
            if (jitter.toNanos() > 0) {
                nanos += (long) ((random.nextDouble() * 2 - 1) * jitter.toNanos());
            }
            return delayedBy(Duration.ofNanos(Math.max(0, nanos)), answer);
        }

        private LoopFuture<HttpResponse> delayedBy(Duration wait, java.util.function.Supplier<HttpResponse> answer) {
            inFlight.incrementAndGet();
            return loop.sleep(wait).map(v -> {
                answered.incrementAndGet();
                return answer.get();
            }).andFinally(inFlight::decrementAndGet);
        }

        private int size(HttpRequest request, int otherwise) {
            return request.query("size").map(s -> {
                long bytes = Units.bytes(s);
                if (bytes > Settings.MAX_BODY) {
                    throw new IllegalArgumentException("size " + s + " is over the site's limit of 64 MiB");
                }
                return (int) bytes;
            }).orElse(otherwise);
        }

        private byte[] body(int size) {
            if (bodies.size() > 64 && !bodies.containsKey(size)) {
                bodies.clear();
            }
            return bodies.computeIfAbsent(size, n -> {
                byte[] pattern = "conclab latency site. ".getBytes(StandardCharsets.US_ASCII);
                byte[] body = new byte[n];
                for (int i = 0; i < n; i++) {
                    body[i] = pattern[i % pattern.length];
                }
                return body;
            });
        }

        private HttpResponse chunked(int total, int chunks) {
            byte[] all = body(total);
            int size = Math.max(1, (total + chunks - 1) / chunks);
            return HttpResponse.chunked(200, "application/octet-stream", sink -> sendChunks(sink, all, 0, size));
        }

        private LoopFuture<Void> sendChunks(HttpResponse.ChunkSink sink, byte[] all, int from, int size) {
            if (from >= all.length) {
                return loop.completed(null);
            }
            int to = Math.min(all.length, from + size);
            return sink.write(java.util.Arrays.copyOfRange(all, from, to)).then(v -> sendChunks(sink, all, to, size));
        }

        private HttpResponse page(int page, int links, int pages) {
            if (pages < 1 || page >= pages || links < 0 || links > 1000) {
                return HttpResponse.text(404, "page " + page + " is not in a site of " + pages + " pages\n");
            }
            var html = new StringBuilder("<!doctype html><html><head><title>Page ").append(page)
                    .append("</title></head><body><h1>Page ").append(page).append("</h1><ul>");
            var targets = new ArrayList<Integer>();
            for (int i = 1; i <= links; i++) {
                targets.add((int) (((long) page * 31 + (long) i * 17) % pages));
            }
            for (int target : targets) {
                html.append("<li><a href=\"/page/").append(target).append("?links=").append(links).append("&amp;pages=").append(pages)
                        .append("\">page ").append(target).append("</a></li>");
            }
            html.append("</ul></body></html>\n");
            return HttpResponse.of(200, "text/html; charset=utf-8", html.toString().getBytes(StandardCharsets.UTF_8));
        }

        private String statsJson() {
            var http = server == null ? null : server.stats();
            return String.format(Locale.ROOT, "{\"answered\": %d, \"errors\": %d, \"inFlight\": %d, \"connections\": %d, \"open\": %d}%n",
                    answered.get(), errors.get(), inFlight.get(), http == null ? 0 : http.connections(), http == null ? 0 : http.open());
        }

        private static int intPart(String[] parts, String endpoint, int min, int max) {
            if (parts.length < 2 || parts[1].isEmpty()) {
                throw new IllegalArgumentException("/" + endpoint + "/N needs a number");
            }
            try {
                int n = Integer.parseInt(parts[1]);
                if (n < min || n > max) {
                    throw new IllegalArgumentException("/" + endpoint + "/" + parts[1] + ": must be " + min + ".." + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("/" + endpoint + "/" + parts[1] + ": not a number");
            }
        }
    }

    @Override
    public String toString() {
        return "LatencySite[" + uri() + ", latency " + Units.format(settings.latency()) + "]";
    }
}
