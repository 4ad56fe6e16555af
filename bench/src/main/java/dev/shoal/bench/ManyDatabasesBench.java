package dev.shoal.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory with many databases. Starts the server as a separate JVM (heap capped, default
 * {@code -Xmx512m}), creates N databases through the Platform API from concurrent keep-alive
 * clients (creations/s and latency), then uses the first A of them for several rounds (CREATE
 * TABLE IF NOT EXISTS + INSERT + SELECT in one pipeline each), and finally, optionally, touches
 * every database once. The server's resident memory ({@code /proc/<pid>/status} VmRSS), open
 * files and threads are sampled after each step, to show that memory follows the number of
 * <em>active</em> (open) databases, bounded by the handle cache, not the number that exist.
 */
public final class ManyDatabasesBench {
    /** G1 in JDK 21+: "garbage-first heap   total reserved 524288K, committed 389120K, used 52236K". */
    private static final Pattern HEAP = Pattern.compile("committed (\\d+)K, used (\\d+)K");
    private static final Pattern HEAP_OLD = Pattern.compile("total (\\d+)K, used (\\d+)K");

    /**
     * One memory reading. The {@code gc*} fields are taken right after a full GC requested with
     * {@code jcmd GC.run} (the live heap; G1 may also give committed memory back then).
     */
    record Sample(String label, long databases, long rssKb, long rssAnonKb, long rssFileShmemKb, long heapUsedKb,
            long heapCommittedKb, long gcRssKb, long gcHeapUsedKb, long gcHeapCommittedKb, long openFiles, long threads) {}

    record Load(String label, long ops, double seconds, Histogram latency, long errors, String firstError) {
        String line() {
            return String.format(Locale.ROOT, "  %-40s %,7d ops in %6.2f s = %,8.0f /s   p50 %7.3f ms   p99 %7.3f ms   max %7.1f ms   errors %d%s",
                    label, ops, seconds, ops / seconds, latency.quantile(0.5) / 1e6, latency.quantile(0.99) / 1e6,
                    latency.max() / 1e6, errors, firstError == null ? "" : "   first error: " + firstError);
        }
    }

    private final ServerProcess server;
    private final int clients;
    private final List<Sample> samples = new ArrayList<>();
    private final List<Load> loads = new ArrayList<>();

    private final boolean gcSamples;

    private ManyDatabasesBench(ServerProcess server, int clients, boolean gcSamples) {
        this.server = server;
        this.clients = clients;
        this.gcSamples = gcSamples;
    }

    /** What one run measured. */
    record Run(List<Sample> samples, List<Load> loads) {
        Histogram creations() {
            Histogram h = new Histogram();
            loads.stream().filter(l -> l.label().startsWith("create")).forEach(l -> h.add(l.latency()));
            return h;
        }

        double creationRate() {
            long ops = loads.stream().filter(l -> l.label().startsWith("create")).mapToLong(Load::ops).sum();
            double secs = loads.stream().filter(l -> l.label().startsWith("create")).mapToDouble(Load::seconds).sum();
            return ops / secs;
        }
    }

    private record Options(int databases, int[] checkpoints, int active, int rounds, int clients, int sweeps,
            Path jar, List<String> jvm, Map<String, String> env, boolean gcSamples, boolean keep) {}

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        if (a.has("help")) {
            System.out.println("""
                    ManyDatabasesBench: server RSS with many databases, and database creation rate.
                      --databases N     databases to create (default 10000)
                      --checkpoints L   sample memory after creating these many (default 1000,5000,10000)
                      --active N        databases used in the rounds (default 1000; the server's
                                        open-handle cache holds 1000 by default)
                      --rounds N        rounds over the active databases (default 5)
                      --clients N       concurrent keep-alive clients (default 8)
                      --sweeps N        finally use every database once, N times over (default 1)
                      --runs N          repeat everything with a fresh server N times, report medians (default 1)
                      --jar PATH        shoal CLI jar (default cli/target/shoal-cli.jar), copied with lib/ first
                      --server-jvm ARGS JVM options for the server (default "-Xmx512m")
                      --server-env LIST environment for the server, e.g. MALLOC_ARENA_MAX=2,OTHER=x
                      --gc-samples BOOL after each passive memory reading, also request a full GC
                                        (jcmd GC.run) and read again: live heap (default true)
                      --keep            keep the temp directories (server log, data)
                    """);
            return;
        }
        int databases = a.integer("databases", 10_000);
        String checkpointList = a.string("checkpoints", "1000,5000,10000");
        int active = Math.min(a.integer("active", 1000), databases);
        int rounds = a.integer("rounds", 5);
        int clients = a.integer("clients", 8);
        int sweeps = a.integer("sweeps", 1);
        int runs = a.integer("runs", 1);
        String serverEnv = a.string("server-env", "");
        Path jar = a.path("jar", "cli/target/shoal-cli.jar");
        String serverJvm = a.string("server-jvm", "-Xmx512m");
        boolean gcSamples = a.flag("gc-samples", true);
        boolean keep = a.flag("keep", false);
        a.checkAllUsed();
        int[] checkpoints = Arrays.stream(checkpointList.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).filter(c -> c > 0 && c < databases).sorted().distinct().toArray();
        checkpoints = Arrays.copyOf(checkpoints, checkpoints.length + 1);
        checkpoints[checkpoints.length - 1] = databases;
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : serverEnv.split(",")) {
            if (kv.contains("=")) {
                env.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
            }
        }
        List<String> jvm = serverJvm.isBlank() ? List.of() : Arrays.asList(serverJvm.trim().split("\\s+"));
        Options o = new Options(databases, checkpoints, active, rounds, clients, sweeps, jar, jvm, env, gcSamples, keep);

        System.out.printf("ManyDatabasesBench: %,d databases, %,d active for %d rounds, %d sweep(s), %d clients, %d run(s)%n",
                databases, active, rounds, sweeps, clients, runs);
        System.out.println("  machine: " + Proc.machine());
        List<Run> results = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            System.out.println("run " + r + "/" + runs + "   (load average " + Proc.loadAverage() + ")");
            results.add(runOnce(o));
        }
        summary(results);
    }

    private static Run runOnce(Options o) throws Exception {
        Path tmp = Files.createTempDirectory("shoal-bench-many-");
        Path staged = ServerProcess.stageJar(o.jar(), tmp.resolve("server-jar"));
        try (ServerProcess sp = ServerProcess.start(staged, tmp.resolve("data"), o.jvm(), o.env())) {
            System.out.println("  server: separate JVM, pid " + sp.pid() + ", port " + sp.port() + ", JVM options " + o.jvm()
                    + (o.env().isEmpty() ? "" : ", environment " + o.env())
                    + ", jar copied from " + o.jar().toAbsolutePath() + ", temp dir " + tmp);
            ManyDatabasesBench b = new ManyDatabasesBench(sp, o.clients(), o.gcSamples());
            Thread.sleep(2000);
            b.sample("server started (only the default database)", 1);
            int created = 0;
            for (int cp : o.checkpoints()) {
                b.record(b.create(created, cp));
                created = cp;
                b.sample("after creating " + thousands(cp) + " databases", cp + 1);
            }
            long all = o.databases() + 1;
            for (int r = 1; r <= o.rounds(); r++) {
                b.record(b.use("use db-0..db-" + (o.active() - 1) + ", round " + r, 0, o.active(), r, true));
                if (r == 1) {
                    b.sample("after using the first " + thousands(o.active()) + " once (round 1)", all);
                }
            }
            if (o.rounds() > 1) {
                b.sample("after " + o.rounds() + " rounds over the same " + thousands(o.active()), all);
            }
            for (int w = 1; w <= o.sweeps(); w++) {
                b.record(b.use("sweep " + w + ": use all " + thousands(o.databases()) + " once", 0, o.databases(), 0, false));
                b.sample("after sweep " + w + " (all " + thousands(o.databases()) + " used once)", all);
            }
            if (!sp.alive()) {
                throw new IllegalStateException("server died; log tail:\n" + sp.logTail(40));
            }
            return new Run(List.copyOf(b.samples), List.copyOf(b.loads));
        } finally {
            if (!o.keep()) {
                PointSelectBench.deleteTree(tmp);
            } else {
                System.out.println("  kept " + tmp);
            }
        }
    }

    private void record(Load l) {
        loads.add(l);
        System.out.println(l.line());
    }

    private static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private void sample(String label, long databases) throws InterruptedException {
        long pid = server.pid();
        long rss = Proc.statusKb(pid, "VmRSS");
        long anon = Proc.statusKb(pid, "RssAnon");
        long fileShmem = Proc.statusKb(pid, "RssFile") + Math.max(0, Proc.statusKb(pid, "RssShmem"));
        long fds = Proc.openFiles(pid);
        long threads = Proc.threads(pid);
        long[] heap = heap();
        long[] gcHeap = {-1, -1};
        long gcRss = -1;
        if (gcSamples) {
            server.jcmd("GC.run");
            Thread.sleep(500);
            gcRss = Proc.statusKb(pid, "VmRSS");
            gcHeap = heap();
        }
        Sample s = new Sample(label, databases, rss, anon, fileShmem, heap[1], heap[0], gcRss, gcHeap[1], gcHeap[0], fds, threads);
        samples.add(s);
        System.out.printf(Locale.ROOT, "  [memory] %-44s RSS %6.1f MB (anon %6.1f, file+shmem %5.1f), heap used %6.1f / committed %6.1f MB"
                        + " | after GC: RSS %6.1f MB, heap used %6.1f / committed %6.1f MB | open files %,6d, threads %d%n",
                label, mb(rss), mb(anon), mb(fileShmem), mb(heap[1]), mb(heap[0]), mb(gcRss), mb(gcHeap[1]), mb(gcHeap[0]),
                fds, threads);
    }

    /** {committed, used} of the Java heap in kB from {@code jcmd GC.heap_info}; -1 if not understood. */
    private long[] heap() {
        String out = server.jcmd("GC.heap_info");
        Matcher m = HEAP.matcher(out);
        if (!m.find()) {
            m = HEAP_OLD.matcher(out);
            if (!m.find()) {
                return new long[] {-1, -1};
            }
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    /** Creates db-from .. db-(to-1) through the Platform API. */
    private Load create(int from, int to) throws InterruptedException {
        byte[][] reqs = new byte[to - from][];
        byte[][] expect = new byte[to - from][];
        for (int i = from; i < to; i++) {
            reqs[i - from] = MiniHttp.post(server.port(), "/v1/organizations/admin/databases", "{\"name\":\"db-" + i + "\"}");
            expect[i - from] = ("\"Name\":\"db-" + i + "\"").getBytes(StandardCharsets.UTF_8);
        }
        return drive("create db-" + from + "..db-" + (to - 1), to - from, i -> reqs[i], i -> expect[i]);
    }

    /**
     * Uses databases db-from .. db-(to-1): one pipeline each with CREATE TABLE IF NOT EXISTS, an
     * INSERT and a count; with {@code checkCount}, the count must equal {@code round}.
     */
    private Load use(String label, int from, int to, int round, boolean checkCount) throws InterruptedException {
        byte[][] reqs = new byte[to - from][];
        for (int i = from; i < to; i++) {
            String body = "{\"requests\":["
                    + "{\"type\":\"execute\",\"stmt\":{\"sql\":\"CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, round INTEGER, v TEXT)\"}},"
                    + "{\"type\":\"execute\",\"stmt\":{\"sql\":\"INSERT INTO t(round, v) VALUES (?, ?)\",\"args\":["
                    + "{\"type\":\"integer\",\"value\":\"" + round + "\"},{\"type\":\"text\",\"value\":\"db-" + i + " round " + round + "\"}]}},"
                    + "{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT count(*) FROM t\"}},"
                    + "{\"type\":\"close\"}]}";
            reqs[i - from] = MiniHttp.post(server.port(), "/db/admin/db-" + i + "/v2/pipeline", body);
        }
        byte[] expect = ("\"rows\":[[{\"type\":\"integer\",\"value\":\"" + round + "\"}]]").getBytes(StandardCharsets.UTF_8);
        byte[] anyRows = "\"rows\":[[{\"type\":\"integer\"".getBytes(StandardCharsets.UTF_8);
        return drive(label, to - from, i -> reqs[i], i -> checkCount ? expect : anyRows);
    }

    /** Sends requests 0..n-1 (each exactly once) from {@code clients} keep-alive connections. */
    private Load drive(String label, int n, java.util.function.IntFunction<byte[]> request,
            java.util.function.IntFunction<byte[]> expected) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Histogram[] hs = new Histogram[clients];
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10); // bound: never run away
        List<Thread> ts = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Histogram h = hs[c] = new Histogram();
            ts.add(Thread.ofPlatform().name("client-" + c).start(() -> {
                try (MiniHttp http = new MiniHttp("127.0.0.1", server.port())) {
                    for (int i = next.getAndIncrement(); i < n && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                        long s = System.nanoTime();
                        try {
                            int status = http.exchange(request.apply(i));
                            h.record(System.nanoTime() - s);
                            if (status != 200 || !http.bodyContains(expected.apply(i))
                                    || http.bodyString().contains("\"type\":\"error\"")) {
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, "HTTP " + status + " " + abbreviate(http.bodyString()));
                            }
                        } catch (IOException e) {
                            h.record(System.nanoTime() - s);
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, e.toString());
                        }
                    }
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Histogram all = new Histogram();
        for (Histogram h : hs) {
            all.add(h);
        }
        return new Load(label, all.count(), secs, all, errors.get(), firstError.get());
    }

    private static void summary(List<Run> runs) {
        Run first = runs.getFirst();
        System.out.println();
        System.out.println("Summary (median of " + runs.size() + " run(s); memory of the server process)");
        System.out.println("| step | databases existing | open files | RSS MB | RSS after full GC MB | live heap after GC MB | threads |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int i = 0; i < first.samples().size(); i++) {
            int idx = i;
            List<Sample> ss = runs.stream().map(r -> r.samples().get(idx)).toList();
            System.out.printf(Locale.ROOT, "| %s | %,d | %s | %s [%s] | %s [%s] | %s | %s |%n",
                    ss.getFirst().label(), ss.getFirst().databases(),
                    Stats.fmt(Stats.median(ss.stream().map(s -> (double) s.openFiles()).toList()), 0),
                    Stats.fmt(Stats.median(ss.stream().map(s -> mb(s.rssKb())).toList()), 0),
                    Stats.list(ss.stream().map(s -> mb(s.rssKb())).toList(), 0),
                    Stats.fmt(Stats.median(ss.stream().map(s -> mb(s.gcRssKb())).toList()), 0),
                    Stats.list(ss.stream().map(s -> mb(s.gcRssKb())).toList(), 0),
                    Stats.fmt(Stats.median(ss.stream().map(s -> mb(s.gcHeapUsedKb())).toList()), 1),
                    Stats.fmt(Stats.median(ss.stream().map(s -> (double) s.threads()).toList()), 0));
        }
        System.out.println();
        System.out.println("| load | ops | ops/s [per run] | p50 ms | p99 ms | max ms | errors |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int i = 0; i < first.loads().size(); i++) {
            int idx = i;
            List<Load> ls = runs.stream().map(r -> r.loads().get(idx)).toList();
            System.out.printf(Locale.ROOT, "| %s | %,d | %s [%s] | %s | %s | %s | %d |%n", ls.getFirst().label(), ls.getFirst().ops(),
                    Stats.fmt(Stats.median(ls.stream().map(l -> l.ops() / l.seconds()).toList()), 0),
                    Stats.list(ls.stream().map(l -> l.ops() / l.seconds()).toList(), 0),
                    Stats.fmt(Stats.median(ls.stream().map(l -> l.latency().quantile(0.5) / 1e6).toList()), 2),
                    Stats.fmt(Stats.median(ls.stream().map(l -> l.latency().quantile(0.99) / 1e6).toList()), 1),
                    Stats.fmt(Stats.median(ls.stream().map(l -> l.latency().max() / 1e6).toList()), 0),
                    ls.stream().mapToLong(Load::errors).sum());
        }
        double rate = Stats.median(runs.stream().map(Run::creationRate).toList());
        double p50 = Stats.median(runs.stream().map(r -> r.creations().quantile(0.5) / 1e6).toList());
        double p99 = Stats.median(runs.stream().map(r -> r.creations().quantile(0.99) / 1e6).toList());
        long errors = runs.stream().flatMap(r -> r.loads().stream()).mapToLong(Load::errors).sum();
        System.out.printf(Locale.ROOT, "%ncreation overall (median of runs): %,.0f databases/s [%s], p50 %.2f ms, p99 %.1f ms"
                        + "   (targets: >= 1,000/s: %s; p50 <= 2 ms: %s)%nerrors in all loads: %d%n",
                rate, Stats.list(runs.stream().map(Run::creationRate).toList(), 0), p50, p99,
                rate >= 1000 ? "met" : "NOT met", p50 <= 2 ? "met" : "NOT met", errors);
    }

    private static double mb(long kb) {
        return kb < 0 ? Double.NaN : kb / 1024.0;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
