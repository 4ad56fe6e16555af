package dev.shoal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Looks through a server's log for what a client mistake must never cause: stack traces (a
 * {@code \tat pkg.Class.method(File.java:12)} frame or a {@code Caused by:} line) and ERROR lines.
 */
record ServerLogScan(long lines, long stackFrames, long errorLines, List<String> firstFindings) {
    private static final Pattern FRAME = Pattern.compile("^\\s+at [\\w$.<>/]+\\(.*\\)\\s*$");
    private static final Pattern CAUSE = Pattern.compile("^(Caused by: |\\s+\\.\\.\\. \\d+ more)");
    private static final Pattern ERROR = Pattern.compile("\\bERROR\\b|\\bSEVERE\\b|Exception in thread");

    static ServerLogScan of(Path log) {
        List<String> all;
        try {
            all = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server log " + log, e);
        }
        long frames = 0;
        long errors = 0;
        List<String> first = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String l = all.get(i);
            boolean frame = FRAME.matcher(l).find() || CAUSE.matcher(l).find();
            boolean error = ERROR.matcher(l).find();
            frames += frame ? 1 : 0;
            errors += error ? 1 : 0;
            if ((frame || error) && first.size() < 20) {
                first.add((i + 1) + ": " + l);
            }
        }
        return new ServerLogScan(all.size(), frames, errors, List.copyOf(first));
    }

    boolean clean() {
        return stackFrames == 0 && errorLines == 0;
    }

    String summary() {
        return "server log: " + lines + " lines, " + stackFrames + " stack-trace lines, " + errorLines + " ERROR lines"
                + (firstFindings.isEmpty() ? "" : "\n    " + String.join("\n    ", firstFindings));
    }
}
