package dev.shoal.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code clients} keep-alive connections, each resending one request as soon as it is answered,
 * for a fixed time: every answer's latency, and how many were not what {@code check} expects.
 */
final class ClosedLoop {
    record Result(Histogram latency, long errors) {}

    /** Whether an answer is the expected one (its status, and the body the connection holds). */
    interface Check {
        boolean ok(int status, MiniHttp answer);
    }

    /** Any 200. */
    static final Check STATUS_200 = (status, answer) -> status == 200;

    private ClosedLoop() {}

    static Result run(int port, byte[] request, int clients, int seconds, Check check)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        List<Histogram> hists = new ArrayList<>();
        LongAdder errors = new LongAdder();
        for (int i = 0; i < clients; i++) {
            Histogram h = new Histogram();
            hists.add(h);
            threads.add(Thread.ofPlatform().name("client-" + i).start(() -> {
                try (MiniHttp c = new MiniHttp("127.0.0.1", port)) {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        int status = c.exchange(request);
                        h.record(System.nanoTime() - t0);
                        if (!check.ok(status, c)) {
                            errors.increment();
                        }
                    }
                } catch (Exception e) {
                    errors.increment();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        Histogram all = new Histogram();
        hists.forEach(all::add);
        return new Result(all, errors.sum());
    }
}
