package dev.shoal.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop HTTP phases over one fixed set of keep-alive connections: every phase (the HTTP
 * floor, point SELECTs, INSERTs, ...) uses the same {@link MiniHttp} connections, so phases differ
 * only in what is asked. Each client thread sends its next request when the previous answer is
 * read; one thread per connection and phase (a connection is used by one thread at a time).
 */
final class HttpLoad implements AutoCloseable {
    /** One client's exchange: returns null when the answer is right, else what was wrong. */
    interface Work {
        String exchange(MiniHttp c, ThreadLocalRandom rnd, boolean verify) throws IOException;
    }

    private final List<MiniHttp> connections = new ArrayList<>();
    private final long serverPid;
    private final ServerProcess server;
    private final int verifyEvery;

    HttpLoad(int port, int clients, long serverPid, ServerProcess server, int verifyEvery) {
        for (int i = 0; i < clients; i++) {
            connections.add(new MiniHttp("127.0.0.1", port));
        }
        this.serverPid = serverPid;
        this.server = server;
        this.verifyEvery = verifyEvery;
    }

    int clients() {
        return connections.size();
    }

    /** Runs {@code work} on the first {@code clients} connections: warm-up, then the measured window. */
    Measure phase(String name, int run, int clients, int itemsPerRequest, int warmup, int duration, Work work)
            throws InterruptedException {
        Phase phase = new Phase();
        Histogram[] hs = new Histogram[clients];
        long[] counts = new long[clients];
        long[] checked = new long[clients];
        long[] bad = new long[clients];
        long[] errors = new long[clients];
        long[] connectsBefore = new long[clients];
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            int id = t;
            hs[t] = new Histogram();
            MiniHttp c = connections.get(t);
            connectsBefore[t] = c.connects();
            ts.add(Thread.ofPlatform().name(name + "-" + t).start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                long n = 0;
                while (!phase.done()) {
                    boolean measured = phase.measuring();
                    boolean verify = measured && ++n % verifyEvery == 0;
                    long t0 = System.nanoTime();
                    try {
                        String wrong = work.exchange(c, rnd, verify);
                        long t1 = System.nanoTime();
                        if (!measured) {
                            continue;
                        }
                        hs[id].record(t1 - t0);
                        counts[id]++;
                        checked[id] += verify ? 1 : 0;
                        if (wrong != null) {
                            bad[id]++;
                            firstError.compareAndSet(null, wrong);
                        }
                    } catch (IOException e) {
                        if (measured) {
                            errors[id]++;
                            firstError.compareAndSet(null, e.toString());
                        }
                        sleepQuietly(10); // do not spin against a failing server
                    }
                }
            }));
        }
        double[] cpu = new double[3];
        phase.run(warmup, duration, () -> {
            cpu[0] = Proc.selfCpuSeconds();
            cpu[1] = serverPid > 0 ? Proc.processCpuSeconds(serverPid) : Double.NaN;
            cpu[2] = Proc.machineBusySeconds();
        }, () -> {
            cpu[0] = Proc.selfCpuSeconds() - cpu[0];
            cpu[1] = serverPid > 0 ? Proc.processCpuSeconds(serverPid) - cpu[1] : Double.NaN;
            cpu[2] = Proc.machineBusySeconds() - cpu[2];
        });
        for (Thread t : ts) {
            t.join(TimeUnit.SECONDS.toMillis(40));
        }
        if (server != null && !server.alive()) {
            throw new IllegalStateException("the server process died during the run; log tail:\n" + server.logTail(40));
        }
        Histogram h = new Histogram();
        for (Histogram x : hs) {
            h.add(x);
        }
        double s = phase.seconds();
        long reconnects = 0;
        for (int t = 0; t < clients; t++) {
            reconnects += connections.get(t).connects() - Math.max(1, connectsBefore[t]);
        }
        String note = (reconnects > 0 ? "reconnects " + reconnects + " " : "")
                + (firstError.get() == null ? "" : "first error: " + abbreviate(firstError.get()));
        return Measure.of(name, run, s, Arrays.stream(counts).sum(), itemsPerRequest, h, Arrays.stream(errors).sum(),
                Arrays.stream(checked).sum(), Arrays.stream(bad).sum(), cpu[1] / s, cpu[0] / s, cpu[2] / s, note.trim());
    }

    static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        connections.forEach(MiniHttp::close);
    }
}
