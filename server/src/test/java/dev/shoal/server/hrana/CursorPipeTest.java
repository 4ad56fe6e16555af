package dev.shoal.server.hrana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cursor's hand-off: order, flushes, a bounded backlog, a reader that leaves, a failure before the body. */
class CursorPipeTest {
    private static byte[] drain(CursorPipe pipe) throws InterruptedException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Optional<byte[]> c = pipe.take(); c.isPresent(); c = pipe.take()) {
            all.writeBytes(c.get());
        }
        return all.toByteArray();
    }

    @Test
    void bytesArriveInOrderAndAFlushHandsOverWhatThereIs() throws Exception {
        CursorPipe pipe = new CursorPipe(2);
        OutputStream os = pipe.output();
        os.write("{\"baton\":\"b\"}\n".getBytes());
        os.flush();
        assertThat(new String(pipe.take().orElseThrow())).isEqualTo("{\"baton\":\"b\"}\n");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> {
            try {
                return drain(pipe);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 50_000; i++) {
            byte[] line = ("{\"type\":\"row\",\"row\":[" + i + "]}\n").getBytes();
            expected.writeBytes(line);
            if (i % 3 == 0) {
                os.write(line);
            } else {
                for (byte b : line) {
                    os.write(b);
                }
            }
        }
        os.close();
        assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo(expected.toByteArray());
        assertThat(pipe.take()).isEmpty();
    }

    @Test
    void aReaderThatIsBehindHoldsTheWriterBackAtTheCapacity() throws Exception {
        CursorPipe pipe = new CursorPipe(2);
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream os = pipe.output()) {
                byte[] piece = new byte[CursorPipe.CHUNK];
                for (int i = 0; i < 10; i++) {
                    os.write(piece);
                    written.incrementAndGet();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(written.get()).as("two pieces wait, the third is being handed over").isLessThanOrEqualTo(3);
        assertThat(drain(pipe)).hasSize(10 * CursorPipe.CHUNK);
        writer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void whenTheReaderLeavesTheWriterFailsAtItsNextWriteAndTheStatementIsInterrupted() throws Exception {
        CursorPipe pipe = new CursorPipe(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        pipe.onCancel(() -> interrupted.set(true));
        OutputStream os = pipe.output();
        os.write(new byte[CursorPipe.CHUNK]);
        os.write(1); // the first piece is handed over; this one waits
        CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                os.write(new byte[CursorPipe.CHUNK]); // waits: the backlog is full
                os.flush();
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(200);
        assertThat(blocked).isNotDone();
        pipe.cancel();
        assertThat(blocked.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                .hasMessageContaining("went away");
        assertThat(interrupted).isTrue();
        assertThatThrownBy(() -> os.write(new byte[CursorPipe.CHUNK + 1])).isInstanceOf(IOException.class);
    }

    @Test
    void aFailureBeforeTheBodyReachesTheReaderAsItWas() {
        CursorPipe pipe = new CursorPipe(2);
        pipe.fail(new ShoalException(ErrorCode.PROTOCOL_ERROR, "baton not found"));
        assertThatThrownBy(pipe::take).isInstanceOfSatisfying(ShoalException.class,
                e -> assertThat(e.getMessage()).isEqualTo("baton not found"));
    }
}
