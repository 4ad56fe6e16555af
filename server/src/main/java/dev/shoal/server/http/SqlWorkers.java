package dev.shoal.server.http;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Platform threads for SQLite work. HTTP handlers run on virtual threads, but a native SQLite call
 * pins its carrier, and with two cores two long queries would stall every other database. So
 * SQL runs here, on threads created on demand up to a limit (idle ones end after a minute),
 * while the virtual thread that waits costs nothing. Beyond the limit requests get 429.
 */
public final class SqlWorkers implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final LongAdder refusals = new LongAdder();

    public SqlWorkers(int maxThreads) {
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(0, maxThreads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "shoal-sql-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public <T> T call(Callable<T> work) {
        return await(submit(work));
    }

    /** Starts {@code work} on a SQL thread; BUSY when every thread is taken. */
    public <T> Future<T> submit(Callable<T> work) {
        try {
            return pool.submit(work);
        } catch (RejectedExecutionException e) {
            refusals.increment();
            throw new ShoalException(ErrorCode.BUSY, "server is busy: all " + pool.getMaximumPoolSize()
                    + " SQL threads are working; retry shortly");
        }
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
     * thread or refused), so this and {@link #active()} are the whole picture of the pool's load.
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
    }
}
