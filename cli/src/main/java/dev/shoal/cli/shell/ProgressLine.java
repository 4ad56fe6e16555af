package dev.shoal.cli.shell;

import java.io.PrintStream;

/**
 * One line of text redrawn in place on a terminal: each {@link #show} returns to the start of the
 * line with {@code \r} and overwrites what was there (padding with spaces when the new text is
 * shorter), {@link #close} blanks it and leaves the cursor at its start, so whatever is printed
 * next starts on a clean line. Only carriage returns and spaces are written, no escape sequences,
 * so it works on any terminal.
 *
 * <p>Thread-safe: a watcher thread draws while the shell's thread closes. Once {@link #close}
 * has returned nothing more is written, so the statement's result can never be mixed with a late
 * redraw.
 */
final class ProgressLine {
    private final PrintStream out;
    private int shown;
    private boolean closed;

    ProgressLine(PrintStream out) {
        this.out = out;
    }

    /** Draws {@code text} over the line; nothing after {@link #close}. */
    synchronized void show(String text) {
        if (closed) {
            return;
        }
        out.print("\r" + text + " ".repeat(Math.max(0, shown - text.length())));
        out.flush();
        shown = text.length();
    }

    /** Blanks the line, if anything is drawn; later {@link #show}s draw again. */
    synchronized void clear() {
        if (shown > 0) {
            out.print("\r" + " ".repeat(shown) + "\r");
            out.flush();
            shown = 0;
        }
    }

    /** Blanks the line for good. */
    synchronized void close() {
        clear();
        closed = true;
    }
}
