package dev.shoal.cli.output;

/** Elapsed times as Turso's CLI prints them ("123ms", "1.50s"). */
public final class Durations {
    private Durations() {}

    public static String since(long startNanos) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        return ms < 1000 ? ms + "ms" : String.format(java.util.Locale.ROOT, "%.2fs", ms / 1000.0);
    }
}
