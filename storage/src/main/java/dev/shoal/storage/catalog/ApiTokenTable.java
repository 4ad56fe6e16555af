package dev.shoal.storage.catalog;

import dev.shoal.core.apitoken.ApiToken;
import dev.shoal.core.apitoken.ApiTokenCatalog;
import dev.shoal.core.apitoken.Scope;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** API tokens in the catalog: metadata plus the SHA-256 of the secret. */
final class ApiTokenTable implements ApiTokenCatalog {
    private static final String COLUMNS = "SELECT id, name, username, organization, group_name, scopes, created_at FROM api_tokens ";
    private final CatalogDb db;

    ApiTokenTable(CatalogDb db) {
        this.db = db;
    }

    @Override
    public void insertApiToken(ApiToken t, String secretHash) {
        db.update("INSERT INTO api_tokens(id, name, username, organization, group_name, scopes, secret_hash, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                Optional.of(new ShoalException(ErrorCode.ALREADY_EXISTS, "an API token named " + t.name() + " already exists")),
                t.id().toString(), t.name(), t.username(), t.organization().orElse(null), t.group().orElse(null),
                t.scopes().stream().map(Scope::wire).collect(Collectors.joining(" ")), secretHash,
                t.createdAt().toString());
    }

    @Override
    public Optional<ApiToken> findApiTokenByHash(String secretHash) {
        return db.one(COLUMNS + "WHERE secret_hash = ?", ApiTokenTable::token, secretHash);
    }

    @Override
    public List<ApiToken> apiTokensOf(String username) {
        return db.query(COLUMNS + "WHERE username = ? ORDER BY name", ApiTokenTable::token, username);
    }

    @Override
    public boolean deleteApiToken(String username, String name) {
        return db.update("DELETE FROM api_tokens WHERE username = ? AND name = ?", username, name) > 0;
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Arrays.stream(rs.getString(6).split(" ")).filter(s -> !s.isEmpty()).map(Scope::byWire).forEach(scopes::add);
        return new ApiToken(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3),
                Optional.ofNullable(rs.getString(4)), Optional.ofNullable(rs.getString(5)), scopes,
                Instant.parse(rs.getString(7)));
    }
}
