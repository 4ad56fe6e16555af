package dev.shoal.cli.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Lines of a script, split on {@code \n} only: a carriage return (in a CRLF file, or inside a
 * string literal) stays part of the text, so SQL reaches the server byte for byte.
 */
final class LineSource {
    private final Reader reader;
    private final char[] buf = new char[8192];
    private int pos;
    private int len;
    private boolean eof;

    private LineSource(Reader reader) {
        this.reader = reader;
    }

    static LineSource of(String text) {
        return new LineSource(new StringReader(text));
    }

    static LineSource of(InputStream in) {
        return new LineSource(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next line without its {@code \n}, or null at the end. */
    String next() {
        StringBuilder sb = null;
        while (true) {
            if (pos == len) {
                if (eof || !fill()) {
                    return sb == null ? null : sb.toString();
                }
            }
            for (int i = pos; i < len; i++) {
                if (buf[i] == '\n') {
                    String part = new String(buf, pos, i - pos);
                    pos = i + 1;
                    return sb == null ? part : sb.append(part).toString();
                }
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(buf, pos, len - pos);
            pos = len;
        }
    }

    /**
     * True when {@link #next} can return without waiting for more input: a whole line is buffered,
     * the input has ended, or the underlying input has data available right now (a pipe whose
     * writer is slow or waiting for the shell's output is not ready).
     */
    boolean ready() {
        if (eof) {
            return true;
        }
        for (int i = pos; i < len; i++) {
            if (buf[i] == '\n') {
                return true;
            }
        }
        try {
            return reader.ready();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean fill() {
        try {
            int n = reader.read(buf);
            if (n < 0) {
                eof = true;
                return false;
            }
            pos = 0;
            len = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
