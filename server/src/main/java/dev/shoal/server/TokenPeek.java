package dev.shoal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the {@code id} claim of a database token <em>without</em> verifying it, only to find which
 * database a bare-URL request is for. The token is then verified against that database's group
 * key before anything runs, so a forged id gains nothing.
 */
final class TokenPeek {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TokenPeek() {}

    static Optional<UUID> databaseId(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3 || parts[1].length() > 16_384) {
            return Optional.empty();
        }
        try {
            JsonNode payload = MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode id = payload == null ? null : payload.get("id");
            return id != null && id.isTextual() ? Optional.of(UUID.fromString(id.asText())) : Optional.empty();
        } catch (Exception e) { // not a readable token: not an address either
            return Optional.empty();
        }
    }
}
