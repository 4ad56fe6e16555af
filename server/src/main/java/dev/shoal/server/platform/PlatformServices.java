package dev.shoal.server.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.core.account.AccountCatalog;
import dev.shoal.core.account.AccountService;
import dev.shoal.core.apitoken.ApiTokenService;
import dev.shoal.core.auth.DatabaseTokens;
import dev.shoal.core.auth.TokenKeys;
import dev.shoal.core.db.DatabaseService;
import dev.shoal.core.db.UsageMeter;
import dev.shoal.core.group.GroupService;
import dev.shoal.server.DatabaseAddressing;

/** What the Platform API handlers need, wired once by the composition root. */
public record PlatformServices(
        AccountCatalog accountCatalog,
        AccountService accounts,
        GroupService groups,
        DatabaseService databases,
        ApiTokenService apiTokens,
        DatabaseTokens databaseTokens,
        TokenKeys tokenKeys,
        UsageMeter usage,
        DatabaseAddressing addressing,
        ObjectMapper mapper,
        dev.shoal.server.jobs.JobViews jobs) {}
