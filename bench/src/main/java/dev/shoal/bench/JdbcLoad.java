package dev.shoal.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.sqlite.SQLiteConfig;

/**
 * In-process baselines: the same SQL through plain sqlite-jdbc on a file opened with the server's
 * settings for tenant databases (WAL, {@code synchronous=NORMAL}, busy timeout 5 s), one
 * connection per thread, statements prepared once and re-executed.
 */
final class JdbcLoad {
    /** What one thread does with its connection: {@link Op#run} once per operation. */
    interface Work {
        Op open(Connection c) throws SQLException;
    }

    /** One operation; returns null when its result is right, else what was wrong. */
    interface Op {
        String run(ThreadLocalRandom rnd, boolean verify) throws SQLException;
    }

    private final int verifyEvery;

    JdbcLoad(int verifyEvery) {
        this.verifyEvery = verifyEvery;
    }

    static SQLiteConfig serverSettings() {
        SQLiteConfig c = new SQLiteConfig();
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        c.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        c.setBusyTimeout(5000);
        c.setOpenMode(org.sqlite.SQLiteOpenMode.NOMUTEX); // as the server opens tenant databases (OpenDatabase)
        return c;
    }

    static Connection connect(Path file) throws SQLException {
        return serverSettings().createConnection("jdbc:sqlite:" + file);
    }

    Measure phase(String name, int run, Path file, int threads, int itemsPerRequest, int warmup, int duration, Work work)
            throws InterruptedException {
        Phase phase = new Phase();
        Histogram[] hs = new Histogram[threads];
        long[] counts = new long[threads];
        long[] checked = new long[threads];
        long[] bad = new long[threads];
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            hs[t] = new Histogram();
            ts.add(Thread.ofPlatform().name(name + "-" + t).start(() -> {
                try (Connection c = connect(file)) {
                    Op op = work.open(c);
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    long n = 0;
                    while (!phase.done()) {
                        boolean measured = phase.measuring();
                        boolean verify = measured && ++n % verifyEvery == 0;
                        long t0 = System.nanoTime();
                        String wrong = op.run(rnd, verify);
                        long t1 = System.nanoTime();
                        if (measured) {
                            hs[id].record(t1 - t0);
                            counts[id]++;
                            checked[id] += verify ? 1 : 0;
                            if (wrong != null) {
                                bad[id]++;
                                firstError.compareAndSet(null, wrong);
                            }
                        }
                    }
                } catch (SQLException e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                }
            }));
        }
        double[] cpu = new double[2];
        phase.run(warmup, duration, () -> {
            cpu[0] = Proc.selfCpuSeconds();
            cpu[1] = Proc.machineBusySeconds();
        }, () -> {
            cpu[0] = Proc.selfCpuSeconds() - cpu[0];
            cpu[1] = Proc.machineBusySeconds() - cpu[1];
        });
        for (Thread t : ts) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        Histogram h = new Histogram();
        for (Histogram x : hs) {
            h.add(x);
        }
        double s = phase.seconds();
        String note = firstError.get() == null ? "" : "first error: " + HttpLoad.abbreviate(firstError.get());
        return Measure.of(name, run, s, Arrays.stream(counts).sum(), itemsPerRequest, h, errors.get(),
                Arrays.stream(checked).sum(), Arrays.stream(bad).sum(), Double.NaN, cpu[0] / s, cpu[1] / s, note);
    }
}
