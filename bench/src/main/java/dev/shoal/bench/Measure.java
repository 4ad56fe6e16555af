package dev.shoal.bench;

import java.util.Locale;

/**
 * One measured window of one phase. {@code requests} are operations (HTTP requests, or JDBC
 * statements/transactions/scans in-process); {@code itemsPerRequest} the rows each one handles
 * (1, 10 for a 10-row batch, 100,000 for a scan). Latencies in ms; CPU figures in cores (CPU
 * seconds per wall second); NaN if unknown.
 */
record Measure(String name, int run, double seconds, long requests, int itemsPerRequest, double p50ms, double p99ms,
        double p999ms, long errors, long checked, long mismatches, double serverCores, double clientCores,
        double machineCores, String note) {

    static Measure of(String name, int run, double seconds, long requests, int itemsPerRequest, Histogram h,
            long errors, long checked, long mismatches, double serverCores, double clientCores, double machineCores,
            String note) {
        return new Measure(name, run, seconds, requests, itemsPerRequest, h.quantile(0.50) / 1e6,
                h.quantile(0.99) / 1e6, h.quantile(0.999) / 1e6, errors, checked, mismatches, serverCores, clientCores,
                machineCores, note);
    }

    double rate() {
        return requests / seconds;
    }

    /** Rows per second (for scans and batches; the request rate otherwise). */
    double itemRate() {
        return rate() * itemsPerRequest;
    }

    /** Server CPU time per request: insensitive to how much CPU other processes took. */
    double serverMicrosPerRequest() {
        return serverCores * seconds / requests * 1e6;
    }

    /** Busy CPU on the machine not used by the server or this client. */
    double otherCores() {
        double other = machineCores - (Double.isNaN(serverCores) ? 0 : serverCores)
                - (Double.isNaN(clientCores) ? 0 : clientCores);
        return Math.max(0, other);
    }

    String line() {
        String rows = itemsPerRequest == 1 ? "" : String.format(Locale.ROOT, " (%,.0f rows/s)", itemRate());
        return String.format(Locale.ROOT, "  %-12s %,10.0f /s%s   p50 %7.3f ms   p99 %7.3f ms   p99.9 %7.3f ms   "
                        + "errors %d   verified %,d (mismatches %d)   CPU cores: server %.2f (%.1f µs/request), client %.2f, machine %.2f%s",
                name, rate(), rows, p50ms, p99ms, p999ms, errors, checked, mismatches,
                serverCores, serverMicrosPerRequest(), clientCores, machineCores, note.isEmpty() ? "" : "   " + note);
    }
}
