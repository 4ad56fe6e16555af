package dev.shoal.cli.group;

import picocli.CommandLine.Command;

@Command(name = "group", mixinStandardHelpOptions = true, description = "Groups of databases (shared token keys).",
        subcommands = {GroupList.class, GroupCreate.class, GroupShow.class, GroupDestroy.class, GroupTokens.class},
        footer = {"", "Examples:", "  shoal group create eu", "  shoal group tokens create eu --read-only"})
public final class GroupCommand {}
