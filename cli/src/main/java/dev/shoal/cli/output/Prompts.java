package dev.shoal.cli.output;

import dev.shoal.cli.CliEnv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Yes/no confirmation as Turso's CLI asks it: three tries, then no. */
public final class Prompts {
    private Prompts() {}

    public static boolean confirm(CliEnv env, String question) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) {
            env.out().print(question + " [y/n]: ");
            env.out().flush();
            String answer;
            try {
                answer = reader.readLine();
            } catch (IOException e) {
                return false;
            }
            if (answer == null) {
                env.out().println();
                return false;
            }
            switch (answer.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "y", "yes" -> {
                    return true;
                }
                case "n", "no" -> {
                    return false;
                }
                default -> env.out().println("Please answer with yes or no.");
            }
        }
        return false;
    }
}
