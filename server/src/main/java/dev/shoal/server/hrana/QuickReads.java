package dev.shoal.server.hrana;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.shoal.core.concurrent.SweepSet;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.server.hrana.HranaParser.Pipeline;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which pipelines run on the request's own virtual thread instead of being handed to a SQL thread
 * (the hand-off costs two thread wake-ups per request, more than a point SELECT itself). A native
 * SQLite call pins the virtual thread's carrier, so this is only for work that is short and cannot
 * wait inside SQLite, and never on every carrier at once (docs/decisions.md, "Short reads on the
 * request's thread"):
 * <ul>
 *   <li>a new stream (no baton: no open transaction) whose requests are at most
 *       {@value #MAX_STATEMENTS} single SELECTs (no write: a write may sleep in SQLite's busy
 *       handler or checkpoint with fsyncs), plus {@code close}/{@code get_autocommit};</li>
 *   <li>at most one fewer such run than there are carriers at any moment (none on a one-carrier
 *       JVM): the others take the SQL threads, so a carrier is always left for HTTP;</li>
 *   <li>a run still going after {@link #BUDGET} is interrupted (the timer asks again at every tick
 *       until it stops) and the pipeline runs again on a SQL thread: it only read, on a stream of
 *       its own that is discarded, and nothing was sent yet. If it takes longer than the budget there
 *       too, its organization's reads go to the SQL threads for {@link #BENCHED}, so a tenant with
 *       long reads costs a carrier at most {@code BUDGET} plus a tick that often (a run that was only
 *       held up, by a busy machine or a GC pause, benches nobody).</li>
 * </ul>
 * Every statement still goes through the tenant policy, the turns and the time limit as before:
 * only the thread it runs on changes.
 */
final class QuickReads implements AutoCloseable {
    static final int MAX_STATEMENTS = 4;
    static final Duration BUDGET = Duration.ofMillis(50);
    static final Duration BENCHED = Duration.ofSeconds(10);
    private static final Duration TICK = Duration.ofMillis(10);
    private static final String WHY = "a quick read ran past its budget; running it again on a SQL thread";

    /** What became of eligible pipelines, counted by outcome. */
    enum Outcome { QUICK, OVER_BUDGET, NO_SLOT, BENCHED }

    private final Semaphore slots;
    private final Cache<String, Boolean> benched = Caffeine.newBuilder()
            .expireAfterWrite(BENCHED).maximumSize(100_000).build();
    private final LongAdder[] outcomes = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
    private final SweepSet<Slot> running = new SweepSet<>(64);
    private volatile boolean closed;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shoal-quick-read-budget");
        t.setDaemon(true);
        return t;
    });

    /** {@code carriers}: the virtual-thread scheduler's parallelism. */
    QuickReads(int carriers) {
        this.slots = new Semaphore(Math.max(0, carriers - 1)); // one carrier: no quick reads at all
        timer.scheduleWithFixedDelay(this::enforceBudget, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The parallelism of this JVM's virtual-thread scheduler, as the JDK reads it. */
    static int carriers() {
        return Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
    }

    /** One quick run; closing it frees the slot (and benches the organization if it went over budget). */
    final class Slot implements AutoCloseable {
        private final String organization;
        private final long deadline = System.nanoTime() + BUDGET.toNanos();
        private volatile PipelineWatch watch;
        private volatile boolean over;
        private int ticket = SweepSet.OVERFLOWED; // watch() and close() run on the request's thread

        private Slot(String organization) {
            this.organization = organization;
        }

        /** The run's watch, which the timer interrupts through when the budget is spent. */
        void watch(PipelineWatch w) {
            watch = w;
            ticket = running.add(this);
        }

        /** Interrupts the run if it is past its deadline at {@code now}. */
        private void enforce(long now) {
            if (now - deadline > 0) {
                interrupt();
            }
        }

        private void interrupt() {
            PipelineWatch w = watch;
            if (w != null && w.overBudget(WHY)) {
                over = true;
            }
        }

        @Override
        public void close() {
            running.remove(this, ticket);
            slots.release();
            outcomes[(over ? Outcome.OVER_BUDGET : Outcome.QUICK).ordinal()].increment();
        }
    }

    /**
     * An over-budget pipeline ran again on a SQL thread in {@code nanos}: if that took longer than the
     * budget too, the reads are long and the organization is benched; if not, the quick run was only
     * held up (the machine was busy, a GC paused it) and nothing changes.
     */
    void ranAgain(String organization, long nanos) {
        if (nanos > BUDGET.toNanos()) {
            benched.put(organization, Boolean.TRUE);
        }
    }

    private void enforceBudget() {
        long now = System.nanoTime();
        running.forEach(s -> s.enforce(now));
    }
    /** A slot to run {@code p} on this thread, or empty: hand it to a SQL thread. Never waits. */
    Optional<Slot> enter(PipelineShape shape, DatabaseRecord db) {
        if (closed || shape != PipelineShape.QUICK_READ) {
            return Optional.empty();
        }
        if (benched.getIfPresent(db.organization()) != null) {
            outcomes[Outcome.BENCHED.ordinal()].increment();
            return Optional.empty();
        }
        if (!slots.tryAcquire()) {
            outcomes[Outcome.NO_SLOT.ordinal()].increment();
            return Optional.empty();
        }
        return Optional.of(new Slot(db.organization()));
    }

    static boolean eligible(Pipeline p) {
        return PipelineShape.of(p) == PipelineShape.QUICK_READ;
    }

    /** Eligible pipelines so far with this outcome (QUICK and SLOW ran on their request's thread). */
    long count(Outcome outcome) {
        return outcomes[outcome.ordinal()].sum();
    }

    /**
     * At shutdown: no new quick runs, and the ones still going are interrupted now, before the
     * timer that bounds them stops (a read left running would keep its carrier pinned).
     */
    @Override
    public void close() {
        closed = true;
        running.forEach(Slot::interrupt);
        timer.shutdownNow();
    }
}
