package dev.shoal.core.db;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A database as the catalog knows it. {@code parent} names the schema database of a child. */
public record DatabaseRecord(
        UUID id,
        String name,
        String organization,
        String group,
        DatabaseKind kind,
        Optional<String> parent,
        Instant createdAt) {}
