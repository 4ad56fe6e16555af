package dev.shoal.core.group;

import java.time.Instant;
import java.util.UUID;

/** A set of databases sharing token keys. {@code id} names its key pair. */
public record Group(UUID id, String organization, String name, String location, boolean deleteProtection,
        Instant createdAt) {

    public Group withDeleteProtection(boolean on) {
        return new Group(id, organization, name, location, on, createdAt);
    }
}
