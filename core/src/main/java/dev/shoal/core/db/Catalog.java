package dev.shoal.core.db;

import dev.shoal.core.account.AccountCatalog;
import dev.shoal.core.apitoken.ApiTokenCatalog;
import dev.shoal.core.group.GroupCatalog;

/** Port: the durable record of accounts, groups, databases and API tokens (storage implements it). */
public interface Catalog extends AccountCatalog, GroupCatalog, DatabaseCatalog, ApiTokenCatalog, AutoCloseable {
    @Override
    void close();
}
