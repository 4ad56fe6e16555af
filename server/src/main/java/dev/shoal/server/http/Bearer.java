package dev.shoal.server.http;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/** The token of an {@code Authorization: Bearer …} header (scheme matched case-insensitively). */
public final class Bearer {
    private Bearer() {}

    public static Optional<String> token(ServerRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION).map(String::trim).flatMap(v -> {
            if (v.length() > 7 && v.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.of(v.substring(7).trim()).filter(t -> !t.isEmpty());
            }
            throw new ShoalException(ErrorCode.UNAUTHORIZED, "the Authorization header must be `Bearer <token>`");
        });
    }
}
