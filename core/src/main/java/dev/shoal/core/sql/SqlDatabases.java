package dev.shoal.core.sql;

import java.util.UUID;

/** Port: opens connections to tenant databases by id (storage implements it). */
public interface SqlDatabases {
    SqlConnection connect(UUID databaseId, ConnectionOptions options);

    default SqlConnection connect(UUID databaseId) {
        return connect(databaseId, ConnectionOptions.DEFAULT);
    }
}
