package dev.shoal.server.platform;

import dev.shoal.core.apitoken.ApiTokenService;
import dev.shoal.core.apitoken.Principal;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.server.http.Bearer;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who a Platform API request comes from: the user of its bearer API token. Without a token the
 * request is refused, except on an open dev server (loopback, no {@code --auth}), where it acts
 * as the first user, like the SQL API there.
 */
public final class PlatformAuth {
    private final ApiTokenService tokens;
    private final boolean anonymousIsAdmin;
    private final Supplier<String> firstUser;

    public PlatformAuth(ApiTokenService tokens, boolean anonymousIsAdmin, Supplier<String> firstUser) {
        this.tokens = tokens;
        this.anonymousIsAdmin = anonymousIsAdmin;
        this.firstUser = firstUser;
    }

    public Principal authenticate(ServerRequest req) {
        Optional<String> token = Bearer.token(req);
        if (token.isPresent()) {
            return tokens.authenticate(token.get());
        }
        if (anonymousIsAdmin) {
            return new Principal(firstUser.get(), Optional.empty());
        }
        throw new ShoalException(ErrorCode.UNAUTHORIZED,
                "missing API token: send `Authorization: Bearer <token>` (mint one with `shoal auth api-tokens mint`)");
    }
}
