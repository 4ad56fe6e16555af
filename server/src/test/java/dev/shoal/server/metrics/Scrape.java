package dev.shoal.server.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code /metrics} answer read strictly as the Prometheus text format 0.0.4: every line is a
 * {@code # HELP}, a {@code # TYPE} naming a known type, or a sample {@code name{labels} value}
 * with a valid name, quoted and escaped label values and a float value. Any other line fails the
 * read (so a malformed exposition fails the test that reads it). The Node suite parses the same
 * answer with a published parser (compat/test/metrics.test.mjs).
 */
record Scrape(Map<String, Double> samples, Map<String, String> types) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\",?");

    static Scrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher t = TYPE.matcher(line);
            if (t.matches()) {
                types.put(t.group(1), t.group(2));
            } else if (!HELP.matcher(line).matches()) {
                Matcher s = SAMPLE.matcher(line);
                if (!s.matches()) {
                    throw new AssertionError("not a Prometheus text line: " + line);
                }
                String key = s.group(1) + labels(s.group(2) == null ? "" : s.group(2), line);
                if (samples.put(key, value(s.group(3), line)) != null) {
                    throw new AssertionError("sample given twice: " + key);
                }
            }
        }
        return new Scrape(samples, types);
    }

    /** Labels in name order, as {@code {a="1",b="2"}} ({@code ""} for none): the key {@link #value} takes. */
    private static String labels(String body, String line) {
        Map<String, String> sorted = new TreeMap<>();
        Matcher m = LABEL.matcher(body);
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new AssertionError("bad labels in: " + line);
            }
            sorted.put(m.group(1), m.group(2));
            at = m.end();
        }
        if (sorted.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("{");
        sorted.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(k).append("=\"").append(v).append('"'));
        return out.append('}').toString();
    }

    private static double value(String v, String line) {
        try {
            return switch (v) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(v);
            };
        } catch (NumberFormatException e) {
            throw new AssertionError("bad value in: " + line);
        }
    }

    /** A sample's value, e.g. {@code value("shoal_migration_tasks_total{outcome=\"ok\",phase=\"run\"}")}; labels in name order. */
    double value(String key) {
        Double v = samples.get(key);
        if (v == null) {
            throw new AssertionError("no sample " + key + " in the scrape");
        }
        return v;
    }
}
