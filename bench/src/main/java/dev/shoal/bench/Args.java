package dev.shoal.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} command-line options; unknown options are an error. */
final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    Args(String[] argv) {
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a + " (options look like --name value)");
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                values.put(name, argv[++i]);
            } else {
                values.put(name, "true");
            }
        }
    }

    boolean has(String name) {
        used.add(name);
        return values.containsKey(name);
    }

    String string(String name, String dflt) {
        used.add(name);
        return values.getOrDefault(name, dflt);
    }

    int integer(String name, int dflt) {
        String v = string(name, null);
        return v == null ? dflt : Integer.parseInt(v.replace("_", ""));
    }

    boolean flag(String name, boolean dflt) {
        String v = string(name, null);
        return v == null ? dflt : Boolean.parseBoolean(v);
    }

    Path path(String name, String dflt) {
        String v = string(name, dflt);
        return v == null ? null : Path.of(v);
    }

    /** Call after reading every option: rejects the ones nobody asked for (typos). */
    void checkAllUsed() {
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k);
            }
        }
    }
}
