package dev.shoal.core.error;

import java.time.Duration;

/** How error texts name a limit's duration: whole seconds as {@code "30 s"}, anything else in ms. */
public final class Durations {
    private Durations() {}

    public static String shown(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
