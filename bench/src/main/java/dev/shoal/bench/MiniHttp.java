package dev.shoal.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A deliberately minimal HTTP/1.1 keep-alive client over a plain {@link Socket}, so the load
 * generator costs little CPU next to the server on a small machine: requests are pre-built byte
 * arrays written with one call; a response is its status line, headers (only Content-Length,
 * Transfer-Encoding, Connection and Content-Type are looked at) and exactly Content-Length body
 * bytes, read into a reused buffer. Not thread-safe: one per client thread. Talks to loopback only.
 */
final class MiniHttp implements Closeable {
    private static final int READ_TIMEOUT_MS = 30_000;
    private final int readTimeoutMillis;

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private byte[] body = new byte[8 * 1024];
    private int bodyLength;
    private final StringBuilder line = new StringBuilder(128);
    private long connects;
    private String contentType;

    MiniHttp(String host, int port) {
        this(host, port, READ_TIMEOUT_MS);
    }

    /** With a read timeout of its own, for requests that may legitimately take long (runaway statements). */
    MiniHttp(String host, int port, int readTimeoutMillis) {
        this.readTimeoutMillis = readTimeoutMillis;
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw new IllegalArgumentException("benchmark traffic goes to loopback only, not " + host);
        }
        this.host = host;
        this.port = port;
    }

    /** A complete request: request line, Host, Content-Type, Content-Length, body. */
    static byte[] post(int port, String path, String jsonBody) {
        byte[] b = jsonBody.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + b.length + "\r\n"
                + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(h, h.length + b.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return all;
    }

    /** A GET request (the HTTP floor: {@code GET /health}). */
    static byte[] get(int port, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** How many times {@code b} occurs in the last response body (lines of an NDJSON cursor answer). */
    int bodyCount(byte b) {
        int n = 0;
        for (int i = 0; i < bodyLength; i++) {
            if (body[i] == b) {
                n++;
            }
        }
        return n;
    }

    /** Sends one request and reads its whole response; returns the status code. */
    int exchange(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    byte[] body() {
        return body;
    }

    /** The last response's Content-Type, or null if it had none. */
    String contentType() {
        return contentType;
    }

    int bodyLength() {
        return bodyLength;
    }

    String bodyString() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    /** Whether the last response body contains {@code needle} (plain byte search, no allocation). */
    boolean bodyContains(byte[] needle) {
        outer:
        for (int i = 0, last = bodyLength - needle.length; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** TCP connections opened so far (1 if keep-alive held for the whole run). */
    long connects() {
        return connects;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
        pos = limit = 0;
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(readTimeoutMillis);
        s.connect(new InetSocketAddress(host, port), 5_000);
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        pos = limit = 0;
        connects++;
    }

    private int readResponse() throws IOException {
        String status = readLine();
        if (!status.startsWith("HTTP/1.") || status.length() < 12) {
            throw new IOException("bad status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean closeAfter = status.startsWith("HTTP/1.0");
        contentType = null;
        for (String h = readLine(); !h.isEmpty(); h = readLine()) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad header line: " + h);
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase().contains("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                closeAfter = value.equalsIgnoreCase("close");
            } else if (name.equalsIgnoreCase("Content-Type")) {
                contentType = value;
            }
        }
        bodyLength = 0;
        if (chunked) {
            readChunked();
        } else if (contentLength >= 0) {
            readBody((int) contentLength);
        } else {
            throw new IOException("response has neither Content-Length nor chunked encoding (status " + code + ")");
        }
        if (closeAfter) {
            close();
        }
        return code;
    }

    private void readChunked() throws IOException {
        while (true) {
            String sizeLine = readLine();
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return;
            }
            readBody(size);
            if (!readLine().isEmpty()) {
                throw new IOException("bad chunk terminator");
            }
        }
    }

    /** Appends exactly n bytes to the body buffer. */
    private void readBody(int n) throws IOException {
        if (bodyLength + n > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + n));
        }
        int need = n;
        while (need > 0) {
            if (pos == limit) {
                fill();
            }
            int take = Math.min(need, limit - pos);
            System.arraycopy(buf, pos, body, bodyLength, take);
            pos += take;
            bodyLength += take;
            need -= take;
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            if (pos == limit) {
                fill();
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            if (line.length() > 16 * 1024) {
                throw new IOException("header line too long");
            }
            line.append((char) (b & 0xff));
        }
    }

    private void fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            throw new EOFException("server closed the connection");
        }
        pos = 0;
        limit = n;
    }
}
