package dev.shoal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Linux /proc readings: machine and process CPU, resident memory, open files. */
final class Proc {
    /** USER_HZ: the unit of /proc/stat; 100 on every mainstream Linux build. */
    private static final double TICKS_PER_SECOND = 100.0;

    private Proc() {}

    /** Machine-wide CPU time used so far, in core-seconds (all CPUs, everything but idle and iowait). */
    static double machineBusySeconds() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = first.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU time (user + system) a process has used so far, in seconds; NaN if unknown. */
    static double processCpuSeconds(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration())
                .map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    static double selfCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L) / 1e9;
    }

    /** A field of /proc/&lt;pid&gt;/status in kB (VmRSS, VmHWM, RssAnon, RssFile...); -1 if missing. */
    static long statusKb(long pid, String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith(field + ":")) {
                    return Long.parseLong(l.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return -1;
    }

    static long threads(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("Threads:")) {
                    return Long.parseLong(l.substring(8).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return -1;
    }

    /** Open file descriptors of a process (each open SQLite connection holds its db and -wal files). */
    static long openFiles(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String l : lines) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "?";
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), "
                + "JDK " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")";
    }
}
