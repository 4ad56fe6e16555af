package dev.shoal.core.account;

import java.time.Instant;
import java.util.UUID;

/** A tenant of the platform. A personal organization has the slug of its user. */
public record Organization(UUID id, String slug, String name, boolean personal, boolean overages, Instant createdAt) {}
