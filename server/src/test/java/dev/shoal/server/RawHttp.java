package dev.shoal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 connection over a plain socket that writes exactly the bytes a test gives it, for
 * requests {@code java.net.http} refuses to send (broken chunking, lying lengths, silence).
 * Every read waits at most {@link #WAIT}: a server that neither answers nor closes fails the test.
 */
final class RawHttp implements AutoCloseable {
    /** How long a test waits for the server; a prompt answer takes milliseconds. */
    static final Duration WAIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final PushbackInputStream in;

    RawHttp(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout((int) WAIT.toMillis());
            in = new PushbackInputStream(socket.getInputStream(), 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request head: request line, Host, the given header lines, blank line. */
    static String head(String method, String path, String... headers) {
        StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    RawHttp send(String ascii) {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next response; fails if the server sends none within {@link #WAIT}. */
    Answer answer() {
        try {
            String status = line();
            if (status == null) {
                throw new AssertionError("the server closed the connection without answering");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            String length = headers.get("content-length");
            byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
            return new Answer(Integer.parseInt(status.substring(9, 12)), headers,
                    new String(body, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + WAIT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * True when the server closes (or resets) the connection within {@link #WAIT} without sending
     * anything more; false if it keeps it open that long.
     */
    boolean closedByServer() {
        try {
            int c = in.read();
            if (c != -1) {
                throw new AssertionError("expected the connection to close, got more bytes: " + (char) c);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // a reset is a close too
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next response, or empty if the server closes the connection without one. */
    Optional<Answer> answerOrClose() {
        try {
            int first = in.read();
            if (first == -1) {
                return Optional.empty();
            }
            in.unread(first);
            return Optional.of(answer());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("neither an answer nor a close within " + WAIT.toSeconds() + " s", e);
        } catch (SocketException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c = in.read();
        if (c == -1) {
            return null;
        }
        for (; c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test socket
        }
    }

    /** A response as read off the wire. */
    record Answer(int status, Map<String, String> headers, String body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("body is not JSON: " + this, e);
            }
        }
    }
}
