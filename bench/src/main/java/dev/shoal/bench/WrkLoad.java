package dev.shoal.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same phases through {@code wrk} (a C client: cheaper than the Java one, no body check), when
 * it is on the PATH: the HTTP floor ({@code GET /health}) and the point SELECT, each with its own
 * connections (wrk opens them per run).
 */
final class WrkLoad {
    private final Path wrk;
    private final int threads;
    private final int connections;
    private final int port;
    private final long serverPid;
    private final Path tmp;
    private final String prefix;

    WrkLoad(Path wrk, int threads, int connections, int port, long serverPid, Path tmp) {
        this(wrk, threads, connections, port, serverPid, tmp, "");
    }

    /** {@code prefix}: put before the phase names ({@code wrk-floor}, ...), for a second server. */
    WrkLoad(Path wrk, int threads, int connections, int port, long serverPid, Path tmp, String prefix) {
        this.wrk = wrk;
        this.threads = threads;
        this.connections = connections;
        this.port = port;
        this.serverPid = serverPid;
        this.tmp = tmp;
        this.prefix = prefix;
    }

    /** {@code wrk} on the PATH, or null. */
    static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "wrk");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    Measure floor(int run, int warmup, int duration) throws Exception {
        if (warmup > 0) {
            execute(null, "/health", warmup);
        }
        return measure(prefix + "wrk-floor", run, execute(null, "/health", duration));
    }

    Measure select(int run, int rows, int warmup, int duration) throws Exception {
        return post("wrk-select", "/v2/pipeline", run, rows, warmup, duration);
    }

    /** Point-SELECT pipelines with a random key, POSTed to {@code path}, as phase {@code name}. */
    Measure post(String name, String path, int run, int rows, int warmup, int duration) throws Exception {
        Path script = tmp.resolve(prefix + name + ".lua");
        Files.writeString(script, """
                -- POST %s with a random key, the same body as the Java client sends.
                local rows = %d
                local reqs = {}
                local headers = { ["Content-Type"] = "application/json" }
                init = function(args)
                  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) %% 100000)
                  for k = 1, rows do
                    reqs[k] = wrk.format("POST", "%s", headers,
                      '{"requests":[{"type":"execute","stmt":{"sql":"%s","args":[{"type":"integer","value":"' .. k .. '"}]}},{"type":"close"}]}')
                  end
                end
                request = function()
                  return reqs[math.random(rows)]
                end
                """.formatted(path, rows, path, SqlWorkloads.SELECT));
        if (warmup > 0) {
            execute(script, "", warmup);
        }
        return measure(prefix + name, run, execute(script, "", duration));
    }

    private record Output(String text, double seconds, double serverCores, double machineCores) {}

    private Output execute(Path script, String path, int seconds) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(wrk.toString(), "-t" + threads, "-c" + connections,
                "-d" + seconds + "s", "--latency", "--timeout", "10s"));
        if (script != null) {
            cmd.addAll(List.of("-s", script.toString()));
        }
        cmd.add("http://127.0.0.1:" + port + path);
        double cpu0 = serverPid > 0 ? Proc.processCpuSeconds(serverPid) : Double.NaN;
        double m0 = Proc.machineBusySeconds();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double serverCores = serverPid > 0 ? (Proc.processCpuSeconds(serverPid) - cpu0) / s : Double.NaN;
        return new Output(out, s, serverCores, (Proc.machineBusySeconds() - m0) / s);
    }

    private Measure measure(String name, int run, Output o) {
        String out = o.text();
        Matcher rps = Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(out);
        Matcher total = Pattern.compile("(\\d+) requests in ([\\d.]+)(ms|s|m)").matcher(out);
        if (!rps.find() || !total.find()) {
            return new Measure(name, run, 1, 0, 1, Double.NaN, Double.NaN, Double.NaN, 1, 0, 0, o.serverCores(),
                    Double.NaN, o.machineCores(), "wrk output not understood: " + HttpLoad.abbreviate(out));
        }
        long requests = Long.parseLong(total.group(1));
        double secs = requests / Double.parseDouble(rps.group(1));
        long errors = 0;
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher sock = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
        if (sock.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(sock.group(i));
            }
        }
        // wrk runs in its own process: its CPU is part of "machine" but not measured separately here.
        return new Measure(name, run, secs, requests, 1, percentile(out, "50%"), percentile(out, "99%"), Double.NaN,
                errors, 0, 0, o.serverCores(), Double.NaN, o.machineCores(), "(wrk " + threads + " threads; no body check)");
    }

    /** A percentile from wrk's "Latency Distribution" block, in ms. */
    private static double percentile(String out, String label) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([\\d.]+)(us|ms|s)\\b").matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }
}
