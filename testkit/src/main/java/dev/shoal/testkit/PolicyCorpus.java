package dev.shoal.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code policy/statements.corpus}: one expected outcome and one statement per line. */
public final class PolicyCorpus {
    public enum Outcome { READ, WRITE, SETTING, ATTACH, DENY }

    public record Case(int line, Outcome outcome, String sql) {
        @Override
        public String toString() {
            return "line " + line + ": " + outcome.name().toLowerCase() + "  " + sql.replace("\n", "\\n");
        }
    }

    private PolicyCorpus() {}

    public static List<Case> cases() {
        try (InputStream in = PolicyCorpus.class.getResourceAsStream("/policy/statements.corpus")) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> parse(String text) {
        List<Case> cases = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("corpus line " + (i + 1) + " has no statement: " + line);
            }
            Outcome outcome = Outcome.valueOf(line.substring(0, space).toUpperCase());
            String sql = line.substring(space).strip().replace("\\n", "\n");
            cases.add(new Case(i + 1, outcome, sql));
        }
        return cases;
    }
}
