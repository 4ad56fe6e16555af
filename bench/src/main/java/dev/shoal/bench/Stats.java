package dev.shoal.bench;

import java.util.List;
import java.util.Locale;

/** Medians and number formatting for the summaries. */
final class Stats {
    private Stats() {}

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (a.length == 0) {
            return Double.NaN;
        }
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static String fmt(double d, int decimals) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%,." + decimals + "f", d);
    }

    static String list(List<Double> xs, int decimals) {
        return String.join(" / ", xs.stream().map(x -> fmt(x, decimals)).toList());
    }
}
