package dev.shoal.server.hrana;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;

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

    private final ChunkQueue queue;

    CursorPipe(int capacity) {
        this.queue = new ChunkQueue(capacity);
    }

    // ---- the SQL side

    /** What to do when the reader goes away; runs at once if it already has. */
    void onCancel(Runnable action) {
        queue.onCancel(action);
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
        try {
            if (queue.put(chunk, ChunkQueue.NO_DEADLINE) != ChunkQueue.Put.ADDED) {
                throw new IOException("the cursor's client went away");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted (the server is shutting down)", e);
        }
    }

    /** Nothing will be written: the request side answers with {@code e} (before any byte of the body). */
    void fail(RuntimeException e) {
        queue.end(e);
    }

    /** The body is complete (idempotent). */
    void finish() {
        queue.end(null);
    }

    // ---- the request side

    /** The next piece of the body, waiting for it; empty at its end. Throws the failure given to {@link #fail}. */
    Optional<byte[]> take() throws InterruptedException {
        return queue.take();
    }

    /** Whether the reader has gone away. */
    boolean cancelled() {
        return queue.cancelled();
    }

    /**
     * The reader is gone: the SQL side fails at its next write, and its statement is interrupted now
     * (unless the SQL side is done).
     */
    void cancel() {
        queue.cancel();
    }
}
