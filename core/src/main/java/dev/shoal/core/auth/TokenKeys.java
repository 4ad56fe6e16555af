package dev.shoal.core.auth;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.UUID;

/**
 * Port: the Ed25519 key pair that signs and verifies the database tokens of one group. Every
 * group has its own pair, created on first use; rotating it is how all tokens of a group are
 * invalidated at once (Turso's "group tokens invalidate"). Implementations must be thread-safe and
 * cheap to call on every request (verification asks for {@link #current} each time).
 */
public interface TokenKeys {
    /** The group's current pair, created if the group has none yet. */
    KeyPair current(UUID groupId);

    /** Replaces the group's pair with a new one and returns it; earlier tokens of the group stop verifying. */
    KeyPair rotate(UUID groupId);

    /** A fresh Ed25519 key pair from the JDK's provider. */
    static KeyPair generateEd25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 key pair generator", e);
        }
    }
}
