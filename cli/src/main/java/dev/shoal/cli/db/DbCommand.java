package dev.shoal.cli.db;

import picocli.CommandLine.Command;

@Command(name = "db", mixinStandardHelpOptions = true, description = "Databases: create, list, show, shell, tokens, config.",
        subcommands = {DbCreate.class, DbList.class, DbShow.class, DbDestroy.class, DbShellCommand.class, DbTokens.class,
                DbConfig.class, DbInspect.class, DbMigrations.class, DbSchema.class},
        footer = {"", "Examples:", "  shoal db create slack --type schema", "  shoal db create workspace1 --schema slack",
                "  shoal db shell workspace1 \"SELECT * FROM users\""})
public final class DbCommand {}
