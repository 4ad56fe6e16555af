package dev.shoal.core.apitoken;

import java.util.List;
import java.util.Optional;

/** Port: API tokens, looked up by the hash of their secret. */
public interface ApiTokenCatalog {
    /** Inserts; throws ALREADY_EXISTS when the user has a token of that name. */
    void insertApiToken(ApiToken token, String secretHash);

    Optional<ApiToken> findApiTokenByHash(String secretHash);

    List<ApiToken> apiTokensOf(String username);

    boolean deleteApiToken(String username, String name);
}
