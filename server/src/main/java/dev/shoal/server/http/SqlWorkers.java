package dev.shoal.server.http;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Platform threads for SQLite work. HTTP handlers run on virtual threads, but a native SQLite call
 * pins its carrier, and with two cores two long queries would stall every other database. So
 * SQL runs here, on threads created on demand up to a limit (idle ones end after a minute),
 * while the virtual thread that waits costs nothing. Beyond the limit requests get 429.
 */
public final class SqlWorkers implements AutoCloseable {
    /** How often waits with a time limit ({@link #awaitFor}) are looked at. */
    static final Duration TICK = Duration.ofMillis(50);

    private final ThreadPoolExecutor pool;
    private final LongAdder refusals = new LongAdder();
    private final ConcurrentHashMap<Object, ArrayDeque<Task<?>>> lanes = new ConcurrentHashMap<>();
    private final Set<Task<?>> waiting = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shoal-sql-wait-ticker");
        t.setDaemon(true);
        return t;
    });

    public SqlWorkers(int maxThreads) {
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(0, maxThreads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "shoal-sql-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::wakeLate, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Work for a SQL thread whose waiter parks without a timeout: finishing wakes it, and a wait with
     * a time limit is ended by the ticker ({@link #awaitFor}). A timed park of a virtual thread puts
     * a task into the scheduler's delay queue and wakes its timer thread, for every request.
     */
    public static final class Task<T> extends FutureTask<T> {
        private volatile Thread waiter;
        private volatile long wakeAt;

        Task(Callable<T> work) {
            super(work);
        }

        @Override
        protected void done() {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }

        void fail(RuntimeException e) {
            setException(e);
        }
    }

    public <T> T call(Callable<T> work) {
        return await(submit(work));
    }

    /** Starts {@code work} on a SQL thread; BUSY when every thread is taken. */
    public <T> Task<T> submit(Callable<T> work) {
        Task<T> task = new Task<>(work);
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            throw busy();
        }
        return task;
    }

    /**
     * Runs {@code work} on a SQL thread after the work queued before it in the same lane. A lane's
     * work runs back to back on one thread while there is any: work that would only queue for the
     * same lock (a database's writes) then passes it on within a thread, instead of waking the next
     * waiting thread each time and leaving the lock idle until that thread runs. A lane that must be
     * started first takes {@code laneTurn} (which may wait, or throw to refuse), held until the lane
     * runs dry. BUSY when a lane needs a thread and every thread is taken (and then for the work
     * queued behind it meanwhile).
     */
    public <T> Task<T> submitInLane(Object lane, Callable<T> work, Supplier<? extends AutoCloseable> laneTurn) {
        Task<T> task = new Task<>(work);
        if (join(lane, task)) {
            return task;
        }
        AutoCloseable turn = laneTurn.get();
        boolean[] start = {false};
        lanes.compute(lane, (k, q) -> {
            if (q == null) {
                q = new ArrayDeque<>();
                start[0] = true;
            }
            q.addLast(task);
            return q;
        });
        if (!start[0]) {
            closeQuietly(turn); // another request started the lane meanwhile
            return task;
        }
        try {
            pool.execute(() -> {
                try {
                    drain(lane);
                } finally {
                    closeQuietly(turn);
                }
            });
        } catch (RejectedExecutionException e) {
            ArrayDeque<Task<?>> q = lanes.remove(lane);
            closeQuietly(turn);
            ShoalException busy = busy();
            for (Task<?> t : q) {
                t.fail(busy); // nobody will run them: their waiters get BUSY too
            }
        }
        return task;
    }

    /** Queues {@code task} in {@code lane} if it is running: true if it did. */
    private boolean join(Object lane, Task<?> task) {
        boolean[] joined = {false};
        lanes.computeIfPresent(lane, (k, q) -> {
            q.addLast(task);
            joined[0] = true;
            return q;
        });
        return joined[0];
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            throw new IllegalStateException(e); // a turn's close throws nothing
        }
    }

    private void drain(Object lane) {
        while (true) {
            Task<?>[] next = new Task<?>[1];
            lanes.computeIfPresent(lane, (k, q) -> {
                next[0] = q.pollFirst();
                return next[0] == null ? null : q; // empty: the lane ends, the next work starts a new one
            });
            if (next[0] == null) {
                return;
            }
            Thread.interrupted(); // a cancel(true) of the work before must not reach the next
            next[0].run();
        }
    }

    private ShoalException busy() {
        refusals.increment();
        return new ShoalException(ErrorCode.BUSY, "server is busy: all " + pool.getMaximumPoolSize()
                + " SQL threads are working; retry shortly");
    }

    /** Waits for work started by {@link #submit}, rethrowing its failure as it was. */
    public static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ShoalException(ErrorCode.SHUTTING_DOWN, "interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    /**
     * Waits until {@code task} is done or about {@code limit} has passed (at most one {@link #TICK}
     * more): true if it is done.
     */
    public boolean awaitFor(Task<?> task, Duration limit) throws InterruptedException {
        if (task.isDone()) {
            return true;
        }
        task.wakeAt = System.nanoTime() + limit.toNanos();
        task.waiter = Thread.currentThread();
        waiting.add(task);
        try {
            while (!task.isDone()) {
                if (System.nanoTime() - task.wakeAt >= 0) {
                    return false;
                }
                LockSupport.park(task);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return true;
        } finally {
            waiting.remove(task);
            task.waiter = null;
        }
    }

    /** On the ticker: wakes the waiters whose time limit has passed. */
    private void wakeLate() {
        long now = System.nanoTime();
        for (Task<?> t : waiting) {
            Thread w = t.waiter;
            if (w != null && now - t.wakeAt >= 0) {
                LockSupport.unpark(w);
            }
        }
    }

    /** SQL threads running work now. */
    public int active() {
        return pool.getActiveCount();
    }

    /** The most SQL threads there may be. */
    public int maxThreads() {
        return pool.getMaximumPoolSize();
    }

    /**
     * Work refused so far because every thread was taken. There is no queue (work is handed to a
     * thread or refused; a lane's work waits only for its lane), so this and {@link #active()} are
     * the whole picture of the pool's load.
     */
    public long refusals() {
        return refusals.sum();
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
        ticker.shutdownNow();
    }
}
