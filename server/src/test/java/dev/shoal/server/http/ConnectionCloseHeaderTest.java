package dev.shoal.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import org.junit.jupiter.api.Test;

/** The {@code Connection: close} check: the one-word fast path and Helidon's token search agree. */
class ConnectionCloseHeaderTest {
    private static boolean closes(String... values) {
        WritableHeaders<?> h = WritableHeaders.create();
        for (String v : values) {
            h.add(HeaderNames.CONNECTION, v);
        }
        return RequestFraming.closes(h);
    }

    @Test
    void oneWordValues() {
        assertThat(RequestFraming.closes(WritableHeaders.create())).isFalse();
        assertThat(closes("close")).isTrue();
        assertThat(closes("Close")).isTrue();
        assertThat(closes(" CLOSE ")).isTrue();
        assertThat(closes("keep-alive")).isFalse();
        assertThat(closes("closed")).isFalse();
        assertThat(closes("")).isFalse();
    }

    @Test
    void listsAndRepeatedHeadersUseTheTokenSearch() {
        assertThat(closes("keep-alive, close")).isTrue();
        assertThat(closes("upgrade,close")).isTrue();
        assertThat(closes("keep-alive, upgrade")).isFalse();
        assertThat(closes("keep-alive", "close")).isTrue();
        assertThat(closes("keep-alive", "upgrade")).isFalse();
    }
}
