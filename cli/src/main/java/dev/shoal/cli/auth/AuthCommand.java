package dev.shoal.cli.auth;

import picocli.CommandLine.Command;

@Command(name = "auth", mixinStandardHelpOptions = true, description = "Log in to a Shoal server and manage API tokens.",
        subcommands = {AuthLogin.class, AuthLogout.class, AuthWhoami.class, AuthToken.class, ApiTokensCommand.class},
        footer = {"", "Examples:", "  shoal auth login --url http://127.0.0.1:8080 --token shoal_…", "  shoal auth whoami"})
public final class AuthCommand {}
