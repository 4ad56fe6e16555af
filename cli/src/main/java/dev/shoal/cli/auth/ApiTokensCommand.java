package dev.shoal.cli.auth;

import picocli.CommandLine.Command;

@Command(name = "api-tokens", mixinStandardHelpOptions = true, description = "Mint, list and revoke Platform API tokens.",
        subcommands = {ApiTokensMint.class, ApiTokensList.class, ApiTokensRevoke.class},
        footer = {"", "Examples:", "  shoal auth api-tokens mint ci", "  shoal auth api-tokens mint ro --org acme --read-only"})
public final class ApiTokensCommand {}
