package dev.shoal.core.sql;

import java.util.List;

/**
 * Values to bind to a statement: {@code positional.get(i)} binds parameter index {@code i+1};
 * each named value binds the parameter of that name, given with or without its prefix.
 */
public record Arguments(List<Value> positional, List<Named> named) {
    public static final Arguments NONE = new Arguments(List.of(), List.of());

    public record Named(String name, Value value) {}

    public Arguments {
        positional = List.copyOf(positional);
        named = List.copyOf(named);
    }

    public boolean isEmpty() {
        return positional.isEmpty() && named.isEmpty();
    }
}
