package dev.shoal.core.auth;

import java.security.KeyPair;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** {@link TokenKeys} kept only in memory: for tests and throwaway servers (keys die with the process). */
public final class InMemoryTokenKeys implements TokenKeys {
    private final ConcurrentHashMap<UUID, KeyPair> pairs = new ConcurrentHashMap<>();

    @Override
    public KeyPair current(UUID groupId) {
        return pairs.computeIfAbsent(Objects.requireNonNull(groupId, "groupId"), g -> TokenKeys.generateEd25519());
    }

    @Override
    public KeyPair rotate(UUID groupId) {
        KeyPair fresh = TokenKeys.generateEd25519();
        pairs.put(Objects.requireNonNull(groupId, "groupId"), fresh);
        return fresh;
    }
}
