package dev.shoal.server.http;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.webserver.CloseConnectionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request body as handlers read it: every read waits at most the read timeout, and what Helidon
 * throws while decoding the body becomes something the protocols can answer. Broken framing
 * (a bad chunk size, data where a CRLF belongs) is {@code PROTOCOL_ERROR}, a chunk past Helidon's
 * payload ceiling is {@code BODY_TOO_LARGE}; a client that hung up or went silent mid-body is a
 * {@link CloseConnectionException}, which Helidon answers by closing the connection, as nobody is
 * left to read an answer. Each such event is logged once, as one DEBUG line: it is the client's doing.
 *
 * <p>A read is timed out by interrupting the connection's thread while it is blocked in the
 * socket read, which closes the channel (NIO's interruptible I/O). The interrupt is sent only
 * while a read is in progress, under {@link #lock}, and cleared before this class returns, so it
 * can never reach other code on that thread.
 */
final class GuardedBody extends InputStream {
    private static final Logger log = LoggerFactory.getLogger(GuardedBody.class);

    private final InputStream in;
    private final ReadTimeouts timeouts;
    private final String request;
    private final ReentrantLock lock = new ReentrantLock();
    private Thread reader; // guarded by lock: the thread in a read, if any
    private long readNumber; // guarded by lock: which read that is, so a late timer cannot hit the next one
    private boolean expired; // guarded by lock
    private RuntimeException failure; // once failed, every later call fails the same way

    GuardedBody(InputStream in, ReadTimeouts timeouts, String request) {
        this.in = in;
        this.timeouts = timeouts;
        this.request = request;
    }

    private interface Read {
        int run() throws IOException;
    }

    @Override
    public int read() throws IOException {
        return guarded(in::read);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return guarded(() -> in.read(b, off, len));
    }

    /**
     * Reads and discards what the client is still sending, for at most {@code budget} and
     * {@code maxBytes}, before the connection is closed after an early answer: closing a socket
     * with unread bytes makes the kernel send a reset, which can destroy the answer before the
     * client reads it (the "lingering close" of other servers). Never throws.
     */
    void drain(java.time.Duration budget, long maxBytes) {
        long end = System.nanoTime() + budget.toNanos();
        byte[] sink = new byte[16 * 1024];
        long total = 0;
        try {
            while (total < maxBytes && System.nanoTime() - end < 0) {
                int n = read(sink, 0, sink.length);
                if (n < 0) {
                    return;
                }
                total += n;
            }
        } catch (IOException | RuntimeException e) {
            // Broken or gone: nothing more to drain.
        }
    }

    @Override
    public void close() throws IOException {
        if (failure == null) { // closing Helidon's stream reads to the body's end
            guarded(() -> {
                in.close();
                return 0;
            });
        }
    }

    private int guarded(Read read) throws IOException {
        if (failure != null) {
            throw failure;
        }
        Exception thrown = null;
        int n = 0;
        boolean timedOut;
        ReadTimeouts.Alarm alarm = begin();
        try {
            n = read.run();
        } catch (RuntimeException | IOException e) {
            thrown = e;
        } finally {
            alarm.cancel();
            timedOut = end();
        }
        if (timedOut) {
            long ms = timeouts.timeout().toMillis();
            throw fail(new CloseConnectionException("no request body bytes for " + ms + " ms"),
                    "the client sent no body bytes for " + ms + " ms; closing the connection");
        }
        if (thrown instanceof IOException e) {
            throw e;
        }
        if (thrown != null) {
            throw translate((RuntimeException) thrown);
        }
        return n;
    }

    private ReadTimeouts.Alarm begin() {
        long number;
        lock.lock();
        try {
            reader = Thread.currentThread();
            number = ++readNumber;
        } finally {
            lock.unlock();
        }
        return timeouts.schedule(() -> expire(number));
    }

    /** Called by the timer: interrupts the read if that same read is still in progress. */
    private void expire(long number) {
        lock.lock();
        try {
            if (reader != null && readNumber == number && !expired) {
                expired = true;
                reader.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends a read; true if it timed out (the interrupt, sent or on its way, is cleared here). */
    private boolean end() {
        lock.lock();
        try {
            reader = null;
            if (expired) {
                Thread.interrupted();
            }
            return expired;
        } finally {
            lock.unlock();
        }
    }

    private RuntimeException translate(RuntimeException e) {
        if (e instanceof CloseConnectionException || e instanceof DataReader.InsufficientDataAvailableException) {
            return fail(new CloseConnectionException("client closed the connection mid-body", e),
                    "the client closed the connection mid-body");
        }
        if (e instanceof RequestException re && re.status().code() == 413) {
            return fail(new ShoalException(ErrorCode.BODY_TOO_LARGE, "request body is larger than the limit"),
                    "a chunk is larger than the server's payload limit");
        }
        String detail = framingProblem(e);
        if (detail == null) {
            return e; // not the client's doing: the handler reports it as an internal error
        }
        return fail(new ShoalException(ErrorCode.PROTOCOL_ERROR, "malformed chunked request body: " + detail),
                "malformed chunked body: " + detail);
    }

    /** What Helidon's chunk decoder found wrong, or null if {@code e} is not about the body's framing. */
    private static String framingProblem(RuntimeException e) {
        if (e instanceof NumberFormatException) { // how Helidon rejects a chunk size that is not hex
            return "a chunk size is not a hexadecimal number of at most 31 bits";
        }
        if (e instanceof DataReader.IncorrectNewLineException) {
            return "a line does not end with CRLF";
        }
        if (e instanceof RequestException re) {
            return re.safeMessage() && re.getMessage() != null ? re.getMessage() : "invalid chunked encoding";
        }
        if (e instanceof HttpException) {
            return String.valueOf(e.getMessage());
        }
        return null;
    }

    private RuntimeException fail(RuntimeException e, String logLine) {
        failure = e;
        log.debug("{}: {}", request, logLine);
        return e;
    }
}
