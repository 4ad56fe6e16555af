package dev.shoal.cli;

import picocli.CommandLine;

/** Builds command objects, handing the {@link CliEnv} to those whose constructor takes one. */
final class CommandFactory implements CommandLine.IFactory {
    private final CliEnv env;

    CommandFactory(CliEnv env) {
        this.env = env;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            return cls.getDeclaredConstructor(CliEnv.class).newInstance(env);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
