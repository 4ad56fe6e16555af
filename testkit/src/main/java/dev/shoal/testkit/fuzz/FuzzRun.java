package dev.shoal.testkit.fuzz;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Drives a {@link HranaFuzzer} against a server from several threads until a request count or a
 * time bound is reached, and judges every answer ({@link ResponseCheck}). A case is one first
 * request and, while answers carry a baton, up to a few follow-ups on the same stream; a stream
 * left open is then closed, or rolled back and parked to be sent later with an expired baton.
 */
public final class FuzzRun {
    private static final int MAX_SAMPLES = 20;
    private static final int MAX_SAMPLES_PER_KIND = 3;
    private static final int MAX_FOLLOW_UPS = 4;

    /**
     * @param seed     seeds every case ({@link HranaFuzzer#caseRandom})
     * @param requests stop after about this many HTTP requests
     * @param maxTime  stop after this long even if the count is not reached
     * @param threads  concurrent clients, each with its own transport
     */
    public record Options(long seed, long requests, Duration maxTime, int threads) {}

    private final HranaFuzzer fuzzer;
    private final Options options;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong nextCase = new AtomicLong();
    private final Map<String, LongAdder> buckets = new ConcurrentHashMap<>();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder unanswered = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final List<String> samples = new ArrayList<>();
    private final Map<String, Integer> samplesByKind = new TreeMap<>();
    private volatile long deadline;

    public FuzzRun(HranaFuzzer fuzzer, Options options) {
        this.fuzzer = fuzzer;
        this.options = options;
    }

    /** HTTP requests sent so far (for progress lines). */
    public long sent() {
        return sent.get();
    }

    /** Runs to the end and reports; {@code transports} makes one transport per thread. */
    public FuzzReport run(Supplier<FuzzTransport> transports) throws InterruptedException {
        long start = System.nanoTime();
        deadline = start + options.maxTime().toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < options.threads(); t++) {
            threads.add(Thread.ofPlatform().name("fuzz-" + t).start(() -> {
                try (FuzzTransport transport = transports.get()) {
                    while (sent.get() < options.requests() && System.nanoTime() < deadline) {
                        runCase(transport, nextCase.getAndIncrement());
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> counts = new TreeMap<>();
        buckets.forEach((k, v) -> counts.put(k, v.sum()));
        synchronized (samples) {
            return new FuzzReport(options.seed(), sent.get(), nextCase.get(), counts, serverErrors.sum(),
                    unanswered.sum(), failures.sum(), List.copyOf(samples), seconds, sent.get() < options.requests());
        }
    }

    private void runCase(FuzzTransport transport, long index) {
        Random r = HranaFuzzer.caseRandom(options.seed(), index);
        FuzzCase c = fuzzer.first(r);
        String target = c.target(); // the database of the stream this case opens, if any
        Optional<String> baton = send(transport, c, index).baton();
        for (int i = 0; baton.isPresent() && i < MAX_FOLLOW_UPS && r.nextInt(3) == 0; i++) {
            String held = baton.get();
            fuzzer.used(held);
            ResponseCheck.Outcome o = send(transport, fuzzer.followUp(r, target, held), index);
            if (o.status() != 200) {
                // Refused before the server took the stream (bad JSON, wrong database): it is still
                // open, maybe in a transaction holding the write lock. End it, as a client would.
                send(transport, fuzzer.close(target, held), index);
                return;
            }
            baton = o.baton();
        }
        if (baton.isEmpty()) {
            return;
        }
        fuzzer.used(baton.get());
        if (r.nextInt(20) == 0 && fuzzer.hasRoomToPark()) {
            Optional<String> idle = send(transport, fuzzer.rollback(target, baton.get()), index).baton();
            idle.ifPresent(b -> fuzzer.park(target, b));
        } else {
            send(transport, fuzzer.close(target, baton.get()), index);
        }
    }

    private ResponseCheck.Outcome send(FuzzTransport transport, FuzzCase c, long index) {
        sent.incrementAndGet();
        ResponseCheck.Outcome o;
        try {
            o = ResponseCheck.judge(c, transport.send(c));
        } catch (IOException e) {
            unanswered.increment();
            o = new ResponseCheck.Outcome(0, "unanswered", Optional.of("no answer: " + e), Optional.empty());
        }
        buckets.computeIfAbsent(o.bucket(), k -> new LongAdder()).increment();
        if (o.problem().isPresent()) {
            failed(c, index, o);
        }
        return o;
    }

    private void failed(FuzzCase c, long index, ResponseCheck.Outcome o) {
        failures.increment();
        if (o.bucket().startsWith("5")) {
            serverErrors.increment();
        }
        synchronized (samples) {
            int ofKind = samplesByKind.merge(o.bucket(), 1, Integer::sum);
            if (samples.size() < MAX_SAMPLES && ofKind <= MAX_SAMPLES_PER_KIND) {
                samples.add("  - seed " + options.seed() + ", case " + index + ": " + o.problem().get() + " ["
                        + o.bucket() + "]\n    " + c.describe());
            }
        }
    }
}
