package dev.shoal.cli.org;

import picocli.CommandLine.Command;

@Command(name = "org", mixinStandardHelpOptions = true, description = "Organizations: list, switch, create, members.",
        subcommands = {OrgList.class, OrgSwitch.class, OrgCreate.class, OrgMembers.class},
        footer = {"", "Examples:", "  shoal org list", "  shoal org create acme", "  shoal org switch acme"})
public final class OrgCommand {}
