package dev.shoal.testkit.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a fuzz run saw.
 *
 * @param seed       the run's seed (replay with the same seed)
 * @param requests   HTTP requests sent
 * @param cases      fuzz cases started (a case is a first request and its follow-ups on the same stream)
 * @param buckets    answers by status and error code, e.g. {@code 400 PROTOCOL_ERROR}
 * @param serverErrors answers with status 500 or above
 * @param unanswered requests with no complete answer within the timeout
 * @param failures   every request judged wrong (5xx, unanswered, malformed body), the first few described
 * @param samples    descriptions of the first failures, each with its seed, case and request
 * @param seconds    wall time
 * @param stoppedByTime whether the time bound ended the run before the request count was reached
 */
public record FuzzReport(long seed, long requests, long cases, Map<String, Long> buckets, long serverErrors,
        long unanswered, long failures, List<String> samples, double seconds, boolean stoppedByTime) {

    public double requestsPerSecond() {
        return requests / seconds;
    }

    /** A multi-line summary: totals, then answers by bucket. */
    public String summary() {
        String byBucket = buckets.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "    %-36s %,10d", e.getKey(), e.getValue()))
                .collect(Collectors.joining("\n"));
        return String.format(Locale.ROOT, "fuzz seed %d: %,d requests (%,d cases) in %.1f s = %,.0f requests/s%s%n"
                        + "  5xx: %d   unanswered: %d   wrong answers (all kinds): %d%n  answers:%n%s",
                seed, requests, cases, seconds, requestsPerSecond(), stoppedByTime ? " (stopped by the time bound)" : "",
                serverErrors, unanswered, failures, byBucket);
    }

    /** The summary and the described failures, for an assertion message. */
    public String failureReport() {
        return summary() + "\n  first failures (replay with the same seed; the request is shown as sent):\n"
                + String.join("\n", samples);
    }
}
