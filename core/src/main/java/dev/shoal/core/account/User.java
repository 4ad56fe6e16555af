package dev.shoal.core.account;

import java.time.Instant;

public record User(String username, String email, Instant createdAt) {}
