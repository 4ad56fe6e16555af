package dev.shoal.server.metrics;

import dev.shoal.core.migration.MigrationEvents;
import dev.shoal.core.migration.WriteBlocks;
import dev.shoal.server.hrana.HranaService;
import dev.shoal.server.http.SqlWorkers;
import dev.shoal.storage.engine.OpenDatabases;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.helidon.webserver.http.Filter;

/**
 * One server's meters, in a registry of its own (two servers in one JVM count apart), read out
 * in the Prometheus text format by {@code GET /metrics}. The composition root hands it the parts
 * to watch; gauges and function counters read those parts' own counts at scrape time, so the
 * parts need no metrics code. Every name is in docs/operations.md.
 */
public final class ServerMetrics implements AutoCloseable {
    /** The Prometheus text exposition format, version 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** The listener {@code SchemaMigrations} tells of jobs and tasks; also gauges the write blocks. */
    public MigrationEvents migrations(WriteBlocks blocks) {
        return new MigrationMetrics(registry, blocks);
    }

    /** Open databases and statements interrupted for running past the time limit. */
    public void watch(OpenDatabases open) {
        Gauge.builder("shoal.open.databases", open, OpenDatabases::openCount).strongReference(true)
                .description("Databases with open handles now (the handle cache's size)").register(registry);
        Gauge.builder("shoal.sql.statements.running", open, OpenDatabases::runningStatements).strongReference(true)
                .description("Tenant statements running now").register(registry);
        FunctionCounter.builder("shoal.sql.statement.interrupts", open, OpenDatabases::statementsInterrupted)
                .description("Tenant statements interrupted for running past the statement time limit")
                .register(registry);
    }

    /** Hrana streams, the SQL threads, and tenant admission (turns waited for, requests refused). */
    public void watch(HranaService hrana, SqlWorkers workers) {
        Gauge.builder("shoal.hrana.streams.open", hrana, HranaService::openStreams).strongReference(true)
                .description("Hrana streams (batons) open now").register(registry);
        Gauge.builder("shoal.sql.workers.active", workers, SqlWorkers::active).strongReference(true)
                .description("SQL threads running work now").register(registry);
        Gauge.builder("shoal.sql.workers.max", workers, SqlWorkers::maxThreads).strongReference(true)
                .description("The most SQL threads there may be").register(registry);
        Gauge.builder("shoal.sql.admission.waiting", hrana, HranaService::waitingForTurn).strongReference(true)
                .description("SQL requests waiting for their database's or organization's turn now")
                .register(registry);
        refusals("database", hrana, h -> h.refusedTurns(true));
        refusals("organization", hrana, h -> h.refusedTurns(false));
        refusals("sql_threads", workers, SqlWorkers::refusals);
        for (String outcome : java.util.List.of("quick", "over_budget", "no_slot", "benched")) {
            FunctionCounter.builder("shoal.sql.quick.reads", hrana, h -> h.quickReads(outcome)).tag("outcome", outcome)
                    .description("Read-only pipelines run on their request's thread (quick, over_budget) or handed to a"
                            + " SQL thread although eligible (no_slot, benched)").register(registry);
        }
    }

    private <T> void refusals(String limit, T source, java.util.function.ToDoubleFunction<T> count) {
        FunctionCounter.builder("shoal.sql.admission.refusals", source, count).tag("limit", limit)
                .description("SQL requests answered BUSY (429), by the limit they hit").register(registry);
    }

    /** The filter that times every request by route and outcome; put it in front of every other. */
    public Filter requests() {
        return new RequestMetrics(registry);
    }

    /** Every meter, in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
