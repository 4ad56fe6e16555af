package dev.shoal.server.hrana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The dump's hand-off between its SQL thread and the request's thread. */
class DumpPipeTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private static byte[] chunk(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void chunksArriveInOrderThenTheEnd() throws Exception {
        DumpPipe pipe = new DumpPipe(4, LONG);
        pipe.put(chunk("a"));
        pipe.put(chunk("b"));
        pipe.finish();
        assertThat(pipe.take(LONG)).hasValueSatisfying(c -> assertThat(c).isEqualTo(chunk("a")));
        assertThat(pipe.take(LONG)).hasValueSatisfying(c -> assertThat(c).isEqualTo(chunk("b")));
        assertThat(pipe.take(LONG)).isEmpty();
    }

    @Test
    void aFullPipeWaitsForTheReaderAndGivesUpAtTheDeadline() {
        DumpPipe pipe = new DumpPipe(1, Duration.ofMillis(300));
        pipe.put(chunk("a"));
        assertThatThrownBy(() -> pipe.put(chunk("b")))
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.wireCode()).isEqualTo("SQLITE_INTERRUPT"))
                .hasMessage("dump interrupted: a whole dump must finish within the statement time limit of 300 ms "
                        + "(server setting statement-timeout)");
    }

    @Test
    void aReaderTakingAChunkMakesRoomForTheNext() throws Exception {
        DumpPipe pipe = new DumpPipe(1, LONG);
        pipe.put(chunk("a"));
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> pipe.put(chunk("b")));
        assertThat(pipe.take(LONG)).hasValueSatisfying(c -> assertThat(c).isEqualTo(chunk("a")));
        writer.get(10, TimeUnit.SECONDS);
        assertThat(pipe.take(LONG)).hasValueSatisfying(c -> assertThat(c).isEqualTo(chunk("b")));
    }

    @Test
    void aReaderThatLeavesWakesTheWriterAndInterruptsItsStatement() throws Exception {
        DumpPipe pipe = new DumpPipe(1, LONG);
        AtomicBoolean interrupted = new AtomicBoolean();
        pipe.onCancel(() -> interrupted.set(true));
        pipe.put(chunk("a"));
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> pipe.put(chunk("b")));
        pipe.cancel();
        assertThatThrownBy(() -> writer.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ShoalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR))
                .hasMessageContaining("the client went away");
        assertThat(interrupted).isTrue();
        assertThatThrownBy(pipe::checkStillWanted).hasMessageContaining("the client went away");
    }

    @Test
    void aCancelBeforeTheStatementIsKnownInterruptsItOnceItIs() {
        DumpPipe pipe = new DumpPipe(1, LONG);
        pipe.cancel();
        AtomicBoolean interrupted = new AtomicBoolean();
        pipe.onCancel(() -> interrupted.set(true));
        assertThat(interrupted).isTrue();
    }

    @Test
    void aFailureDropsWhatWasNotTakenAndReachesTheReader() throws Exception {
        DumpPipe pipe = new DumpPipe(4, LONG);
        pipe.put(chunk("a"));
        ShoalException failure = new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        pipe.fail(failure);
        assertThatThrownBy(() -> pipe.take(LONG)).isSameAs(failure);
        pipe.cancel(); // after the end: nothing to do
    }

    @Test
    void aReaderWaitsNoLongerThanTheDeadlineAndItsPatience() {
        DumpPipe pipe = new DumpPipe(1, Duration.ofMillis(100));
        assertThatThrownBy(() -> pipe.take(Duration.ofMillis(100)))
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
    }

    @Test
    void anEmptyDumpEndsAtOnce() throws Exception {
        DumpPipe pipe = new DumpPipe(1, LONG);
        pipe.finish();
        assertThat(pipe.take(LONG)).isEqualTo(Optional.empty());
    }
}
