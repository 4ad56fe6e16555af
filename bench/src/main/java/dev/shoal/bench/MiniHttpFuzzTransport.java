package dev.shoal.bench;

import dev.shoal.testkit.fuzz.FuzzCase;
import dev.shoal.testkit.fuzz.FuzzTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Fuzz requests over {@link MiniHttp} (keep-alive, little client CPU). Headers other than the
 * request line, Host and Content-Length come from the case, so a missing or odd Content-Type is
 * sent exactly as made. A request unanswered within MiniHttp's 30 s read timeout fails.
 */
final class MiniHttpFuzzTransport implements FuzzTransport {
    private final MiniHttp http;
    private final int port;

    MiniHttpFuzzTransport(int port) {
        this.http = new MiniHttp("127.0.0.1", port);
        this.port = port;
    }

    @Override
    public Answer send(FuzzCase c) throws IOException {
        int status = http.exchange(request(c));
        byte[] body = Arrays.copyOf(http.body(), http.bodyLength());
        return new Answer(status, Optional.ofNullable(http.contentType()), body);
    }

    private byte[] request(FuzzCase c) {
        StringBuilder head = new StringBuilder(256).append("POST ").append(c.path()).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n");
        c.contentType().ifPresent(ct -> head.append("Content-Type: ").append(ct).append("\r\n"));
        c.headers().forEach(h -> head.append(h.name()).append(": ").append(h.value()).append("\r\n"));
        head.append("Content-Length: ").append(c.body().length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(h, h.length + c.body().length);
        System.arraycopy(c.body(), 0, all, h.length, c.body().length);
        return all;
    }

    @Override
    public void close() {
        http.close();
    }
}
