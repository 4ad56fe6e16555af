package dev.shoal.core.apitoken;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A Platform API token (the secret itself is never stored, only its hash). A token without an
 * organization acts for its user everywhere; with one, only there; with a group, only on that group.
 */
public record ApiToken(UUID id, String name, String username, Optional<String> organization, Optional<String> group,
        Set<Scope> scopes, Instant createdAt) {}
