package dev.shoal.server.metrics;

import java.util.Locale;

/**
 * The route label of a request: which part of the API it reached, told from the route pattern
 * it matched (never from the raw path, so a database's or organization's name cannot become a
 * label). Requests that matched no route, and the probes, are {@link #OTHER}.
 */
enum RequestRoute {
    PIPELINE_V2,
    PIPELINE_V3,
    CURSOR,
    DUMP,
    JOBS,
    PLATFORM,
    METRICS,
    OTHER;

    /** The label value: {@code pipeline_v2}, {@code cursor}, … */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The route of a matched pattern such as {@code /db/{org}/{db}/v2/pipeline}; empty: none matched. */
    static RequestRoute of(String pattern) {
        if (pattern.isEmpty()) {
            return OTHER;
        }
        if (pattern.endsWith("/v2/pipeline")) {
            return PIPELINE_V2;
        }
        if (pattern.endsWith("/v3/pipeline")) {
            return PIPELINE_V3;
        }
        if (pattern.endsWith("/v3/cursor")) {
            return CURSOR;
        }
        if (pattern.endsWith("/dump")) {
            return DUMP;
        }
        if (pattern.endsWith("/jobs") || pattern.endsWith("/jobs/{job}")) {
            return JOBS; // sqld's jobs API on a schema database's URL, and its twin in the Platform API
        }
        if (pattern.equals("/metrics")) {
            return METRICS;
        }
        return isSqlApiProbe(pattern) ? OTHER : PLATFORM;
    }

    /** The SQL API's other routes: version probes, health, version, the protobuf refusal. */
    private static boolean isSqlApiProbe(String pattern) {
        String p = pattern.startsWith("/db/{org}/{db}") ? pattern.substring("/db/{org}/{db}".length()) : pattern;
        return p.equals("/v2") || p.equals("/v3") || p.equals("/v3-protobuf") || p.equals("/health")
                || p.equals("/version") || p.equals("*") || p.equals("/*");
    }
}
