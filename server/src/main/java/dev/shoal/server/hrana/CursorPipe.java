package dev.shoal.server.hrana;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-off between a cursor's SQL thread, which encodes its entries, and the request's thread,
 * which writes them to the socket: the socket writes (Helidon's chunk framing and the system call,
 * a sixth of the SQL thread's time in a profile) then overlap with stepping SQLite. The SQL side
 * writes into {@link #output()}, which hands over {@link #CHUNK}-byte pieces, or less on a flush (the
 * baton's line and every step's end go out at once); at most {@code capacity} pieces wait, so a slow
 * reader slows the cursor down and memory stays bounded. When the reader goes away the SQL side fails
 * at its next write, and {@code onCancel} interrupts the statement it runs.
 */
final class CursorPipe {
    static final int CHUNK = 64 * 1024;

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>(); // guarded by lock
    private boolean finished; // guarded by lock
    private RuntimeException failure; // guarded by lock
    private boolean cancelled; // guarded by lock
    private Runnable onCancel = () -> { }; // guarded by lock

    CursorPipe(int capacity) {
        this.capacity = capacity;
    }

    // ---- the SQL side

    /** What to do when the reader goes away; runs at once if it already has. */
    void onCancel(Runnable action) {
        lock.lock();
        try {
            onCancel = action;
            if (cancelled) {
                action.run();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The stream the SQL side writes the response body to; closing it ends the body. */
    OutputStream output() {
        return new OutputStream() {
            private byte[] buf = new byte[CHUNK];
            private int n;

            @Override
            public void write(int b) throws IOException {
                if (n == buf.length) {
                    hand();
                }
                buf[n++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (n == buf.length) {
                        hand();
                    }
                    int k = Math.min(len, buf.length - n);
                    System.arraycopy(b, off, buf, n, k);
                    n += k;
                    off += k;
                    len -= k;
                }
            }

            @Override
            public void flush() throws IOException {
                if (n > 0) {
                    hand();
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    flush();
                } finally {
                    finish();
                }
            }

            private void hand() throws IOException {
                put(n == buf.length ? buf : Arrays.copyOf(buf, n));
                if (n == buf.length) {
                    buf = new byte[CHUNK];
                }
                n = 0;
            }
        };
    }

    private void put(byte[] chunk) throws IOException {
        lock.lock();
        try {
            while (chunks.size() >= capacity && !cancelled) {
                changed.await();
            }
            if (cancelled) {
                throw new IOException("the cursor's client went away");
            }
            chunks.add(chunk);
            changed.signalAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted (the server is shutting down)", e);
        } finally {
            lock.unlock();
        }
    }

    /** Nothing will be written: the request side answers with {@code e} (before any byte of the body). */
    void fail(RuntimeException e) {
        lock.lock();
        try {
            failure = e;
            finished = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The body is complete (idempotent). */
    void finish() {
        lock.lock();
        try {
            finished = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- the request side

    /** The next piece of the body, waiting for it; empty at its end. Throws the failure given to {@link #fail}. */
    Optional<byte[]> take() throws InterruptedException {
        lock.lock();
        try {
            while (chunks.isEmpty() && !finished) {
                changed.await();
            }
            byte[] chunk = chunks.poll();
            if (chunk != null) {
                changed.signalAll();
                return Optional.of(chunk);
            }
            if (failure != null) {
                throw failure;
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the reader has gone away. */
    boolean cancelled() {
        lock.lock();
        try {
            return cancelled;
        } finally {
            lock.unlock();
        }
    }

    /** The reader is gone: the SQL side fails at its next write, and its statement is interrupted now. */
    void cancel() {
        lock.lock();
        try {
            if (!cancelled) {
                cancelled = true;
                chunks.clear();
                changed.signalAll();
                onCancel.run();
            }
        } finally {
            lock.unlock();
        }
    }
}
