package dev.shoal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.server.http.ErrorBodies;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ServerConnectionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** What the one error conversion logs: server faults loudly with a log id, clients leaving quietly. */
class ErrorClassificationTest {
    @Test
    void aServerFaultIsAnInternalErrorLoggedAtErrorWithItsLogId() {
        try (LogCapture logs = LogCapture.start()) {
            ShoalException e = ErrorBodies.classify(new IllegalStateException("a bug"));
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            String id = e.getMessage().replaceAll(".*log id (\\w+)\\).*", "$1");
            assertThat(id).hasSize(8);
            assertThat(logs.lines()).singleElement().satisfies(l -> {
                assertThat(l.level()).isEqualTo("ERROR");
                assertThat(l.message()).contains(id);
                assertThat(l.stackTrace()).isTrue();
            });
        }
    }

    @Test
    void aKnownFailureIsPassedOnUnlogged() {
        try (LogCapture logs = LogCapture.start()) {
            ShoalException known = new ShoalException(ErrorCode.PROTOCOL_ERROR, "bad");
            assertThat(ErrorBodies.classify(new RuntimeException(known))).isSameAs(known);
            assertThat(logs.lines()).isEmpty();
        }
    }

    @Test
    void aLostConnectionIsRethrownWithOneShortLine() {
        try (LogCapture logs = LogCapture.start()) {
            ServerConnectionException lost = new ServerConnectionException("Failed to write response",
                    new UncheckedIOException(new IOException("Broken pipe")));
            assertThatThrownBy(() -> ErrorBodies.classify(new RuntimeException(lost))).isSameAs(lost);
            assertThat(logs.lines()).singleElement().satisfies(l -> {
                assertThat(l.level()).isEqualTo("DEBUG");
                assertThat(l.stackTrace()).isFalse();
            });
        }
    }

    @Test
    void aConnectionClosedByTheBodyGuardIsRethrownUnloggedAsItLoggedItAlready() {
        try (LogCapture logs = LogCapture.start()) {
            CloseConnectionException close = new CloseConnectionException("no request body bytes for 1000 ms");
            assertThatThrownBy(() -> ErrorBodies.classify(close)).isSameAs(close);
            assertThat(logs.lines()).isEmpty();
        }
    }
}
