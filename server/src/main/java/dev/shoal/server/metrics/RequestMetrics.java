package dev.shoal.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;

/**
 * The routing filter that times every request, by route and outcome ({@code ok} below 400,
 * {@code client_error} 4xx, {@code server_error} 5xx), as the timer {@code shoal_http_requests_seconds}.
 * It sits in front of every other filter, so the time includes reading the body; for streamed
 * answers (cursor, dump) it ends when the last byte is written. Every timer is registered up
 * front: a scrape shows every route at zero, and a request costs one array lookup.
 */
final class RequestMetrics implements Filter {
    enum Outcome {
        OK, CLIENT_ERROR, SERVER_ERROR;

        static Outcome of(int status) {
            return status >= 500 ? SERVER_ERROR : status >= 400 ? CLIENT_ERROR : OK;
        }
    }

    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Timer[][] timers = new Timer[RequestRoute.values().length][Outcome.values().length];

    RequestMetrics(MeterRegistry registry) {
        for (RequestRoute route : RequestRoute.values()) {
            for (Outcome outcome : Outcome.values()) {
                timers[route.ordinal()][outcome.ordinal()] = Timer.builder("shoal.http.requests")
                        .tag("route", route.label()).tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                        .serviceLevelObjectives(BUCKETS)
                        .description("HTTP requests by route and outcome, and how long they took")
                        .register(registry);
            }
        }
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            RequestRoute route = RequestRoute.of(req.matchingPattern().orElse(""));
            timers[route.ordinal()][Outcome.of(res.status().code()).ordinal()]
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
