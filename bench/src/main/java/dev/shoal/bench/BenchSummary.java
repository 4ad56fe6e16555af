package dev.shoal.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The point-select harness's output, ready to paste into {@code docs/benchmarks.md}: one table of
 * medians over the runs (per-run values in brackets), then each ratio the issue judges, computed
 * within each run (numerator and denominator measured side by side) and its median.
 */
final class BenchSummary {
    /** A ratio of two phases of the same run, compared on rows/s; {@code target} NaN for none. */
    private record Ratio(String numerator, String denominator, String label, double target) {}

    private static final List<Ratio> RATIOS = List.of(
            new Ratio("select", "floor", "point SELECT / HTTP floor (Java client)", 0.6),
            new Ratio("wrk-select", "wrk-floor", "point SELECT / HTTP floor (wrk)", 0.6),
            new Ratio("select", "jdbc-select", "point SELECT over HTTP / in-process JDBC", Double.NaN),
            new Ratio("insert", "jdbc-insert", "autocommit INSERT over HTTP / in-process, one connection", 0.5),
            new Ratio("batch", "jdbc-batch", "10-row batch over HTTP / in-process, one connection", Double.NaN),
            new Ratio("cursor", "jdbc-scan", "cursor rows/s over HTTP / in-process scan", 0.5),
            new Ratio("ceiling-select", "ceiling-floor", "stack ceiling: bare point SELECT / its floor (Java client)", Double.NaN),
            new Ratio("ceiling-wrk-select", "ceiling-wrk-floor", "stack ceiling: bare point SELECT / its floor (wrk)", Double.NaN),
            new Ratio("ceiling-wrk-canned", "ceiling-wrk-floor", "stack ceiling: POST with a canned answer / its floor (wrk)", Double.NaN),
            new Ratio("select", "ceiling-select", "Shoal's point SELECT / the stack ceiling's (Java client)", Double.NaN),
            new Ratio("wrk-select", "ceiling-wrk-select", "Shoal's point SELECT / the stack ceiling's (wrk)", Double.NaN));

    private BenchSummary() {}

    static void print(List<Measure> all, int runs) {
        System.out.println();
        System.out.println("Summary (median of " + runs + " run(s); per-run values in brackets)");
        System.out.println("| phase | per second | rows/s | p50 µs | p99 µs | errors | server CPU (cores) "
                + "| server CPU µs/request | client CPU (cores) | other load (cores) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        LinkedHashSet<String> names = new LinkedHashSet<>();
        all.forEach(m -> names.add(m.name()));
        for (String name : names) {
            List<Measure> ms = all.stream().filter(m -> m.name().equals(name)).toList();
            boolean rows = ms.getFirst().itemsPerRequest() != 1;
            System.out.printf(Locale.ROOT, "| %s | %s [%s] | %s | %s | %s | %d | %s | %s | %s | %s |%n",
                    label(name), Stats.fmt(med(ms, Measure::rate), 0), Stats.list(ms.stream().map(Measure::rate).toList(), 0),
                    rows ? Stats.fmt(med(ms, Measure::itemRate), 0) : "",
                    Stats.fmt(med(ms, m -> m.p50ms() * 1000), 0), Stats.fmt(med(ms, m -> m.p99ms() * 1000), 0),
                    ms.stream().mapToLong(m -> m.errors() + m.mismatches()).sum(),
                    Stats.fmt(med(ms, Measure::serverCores), 2), Stats.fmt(med(ms, Measure::serverMicrosPerRequest), 1),
                    Stats.fmt(med(ms, Measure::clientCores), 2), Stats.fmt(med(ms, Measure::otherCores), 2));
        }
        System.out.println("(other load = machine-wide busy CPU minus server and client: other processes on the machine;"
                + " for wrk it includes wrk itself)");
        printRatios(all, "Ratios within each run (median [runs]):");
        List<Measure> selects = all.stream().filter(m -> m.name().equals("select")).toList();
        if (!selects.isEmpty()) {
            double p99 = med(selects, Measure::p99ms);
            System.out.printf(Locale.ROOT, "point SELECT p99 (median): %.2f ms (target < 3 ms: %s)%n", p99,
                    p99 < 3 ? "met" : "NOT met");
        }
    }

    static void printRatios(List<Measure> ms, String title) {
        List<String> lines = new ArrayList<>();
        for (Ratio r : RATIOS) {
            List<Double> perRun = perRun(ms, r);
            if (perRun.isEmpty()) {
                continue;
            }
            double median = Stats.median(perRun);
            String target = Double.isNaN(r.target()) ? ""
                    : String.format(Locale.ROOT, "   (target >= %.1fx: %s)", r.target(), median >= r.target() ? "met" : "NOT met");
            lines.add(String.format(Locale.ROOT, "  %s: %.3f [%s]%s", r.label(), median, Stats.list(perRun, 3), target));
        }
        if (!lines.isEmpty()) {
            System.out.println(title);
            lines.forEach(System.out::println);
        }
    }

    private static List<Double> perRun(List<Measure> ms, Ratio r) {
        List<Double> out = new ArrayList<>();
        for (Measure n : ms.stream().filter(m -> m.name().equals(r.numerator())).toList()) {
            Optional<Measure> d = ms.stream().filter(m -> m.name().equals(r.denominator()) && m.run() == n.run()).findFirst();
            d.ifPresent(x -> out.add(n.itemRate() / x.itemRate()));
        }
        return out;
    }

    private static String label(String name) {
        return switch (name) {
            case "jdbc-select" -> "point SELECT, in-process JDBC (a connection per thread)";
            case "floor" -> "HTTP floor GET /health, Java client";
            case "select" -> "point SELECT /v2/pipeline, Java client";
            case "wrk-floor" -> "HTTP floor GET /health, wrk";
            case "wrk-select" -> "point SELECT /v2/pipeline, wrk";
            case "jdbc-insert" -> "INSERT autocommit, in-process JDBC (1 connection)";
            case "insert" -> "INSERT autocommit /v2/pipeline";
            case "jdbc-batch" -> "10-row batch, in-process JDBC (1 connection)";
            case "batch" -> "10-row batch /v2/pipeline";
            case "jdbc-scan" -> "full scan, in-process JDBC (1 connection)";
            case "cursor" -> "full scan /v3/cursor (1 client)";
            case "ceiling-floor" -> "stack ceiling: GET /health, Java client";
            case "ceiling-select" -> "stack ceiling: bare point SELECT, Java client";
            case "ceiling-wrk-floor" -> "stack ceiling: GET /health, wrk";
            case "ceiling-wrk-canned" -> "stack ceiling: POST, canned answer, wrk";
            case "ceiling-wrk-select" -> "stack ceiling: bare point SELECT, wrk";
            default -> name;
        };
    }

    private static double med(List<Measure> ms, ToDoubleFunction<Measure> f) {
        return Stats.median(ms.stream().map(f::applyAsDouble).toList());
    }
}
