package dev.shoal.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A response read off a plain socket: its head, and its body, de-chunked when it was sent
 * chunked. {@code complete} says whether the body ended as HTTP says it must (the last, empty
 * chunk, or all of {@code Content-Length}), which tells a whole response from one cut short.
 */
record ChunkedBody(String head, String body, boolean complete) {
    static ChunkedBody parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            throw new AssertionError("no complete response head in " + raw.length + " bytes");
        }
        String head = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
        byte[] rest = Arrays.copyOfRange(raw, end + 4, raw.length);
        String lower = head.toLowerCase(Locale.ROOT);
        if (!lower.contains("\r\ntransfer-encoding: chunked")) {
            String text = new String(rest, StandardCharsets.UTF_8);
            int length = lower.contains("\r\ncontent-length: ")
                    ? Integer.parseInt(lower.replaceAll("(?s).*\r\ncontent-length: (\\d+).*", "$1")) : -1;
            return new ChunkedBody(head, text, length == rest.length);
        }
        return dechunk(head, rest);
    }

    private static ChunkedBody dechunk(String head, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (true) {
            int eol = indexOf(b, "\r\n".getBytes(StandardCharsets.US_ASCII), i);
            if (eol < 0) {
                return new ChunkedBody(head, out.toString(StandardCharsets.UTF_8), false);
            }
            int size = Integer.parseInt(new String(b, i, eol - i, StandardCharsets.US_ASCII).trim(), 16);
            if (size == 0) {
                return new ChunkedBody(head, out.toString(StandardCharsets.UTF_8), true);
            }
            int take = Math.min(size, b.length - (eol + 2));
            out.write(b, eol + 2, take);
            if (take < size) {
                return new ChunkedBody(head, out.toString(StandardCharsets.UTF_8), false);
            }
            i = eol + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] b, byte[] what, int from) {
        outer:
        for (int i = from; i <= b.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
