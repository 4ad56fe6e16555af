package dev.shoal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The CLI's settings file ({@code settings.json}: server URL, API token, current organization) in
 * the user's config directory: {@code --config-path}, else {@code $SHOAL_CONFIG_DIR}, else
 * {@code $XDG_CONFIG_HOME/shoal} (when absolute), else {@code $HOME/.config/shoal}.
 * {@code SHOAL_URL} and {@code SHOAL_API_TOKEN} override the file. The shell's history lives in
 * the same directory, so one directory holds everything the CLI keeps for a user.
 */
public record CliConfig(Optional<String> url, Optional<String> token, Optional<String> organization) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static Path directory(Optional<Path> configPath, CliEnv env) {
        return configPath.or(() -> env.variable("SHOAL_CONFIG_DIR").map(Path::of))
                .orElseGet(() -> env.configHome().resolve("shoal"));
    }

    /** The interactive shell's history file, next to the settings. */
    public static Path historyFile(Optional<Path> configPath, CliEnv env) {
        return directory(configPath, env).resolve("history");
    }

    public static CliConfig load(Path dir) {
        Path file = dir.resolve("settings.json");
        if (!Files.exists(file)) {
            return new CliConfig(Optional.empty(), Optional.empty(), Optional.empty());
        }
        try {
            JsonNode n = MAPPER.readTree(file.toFile());
            return new CliConfig(text(n, "url"), text(n, "token"), text(n, "organization"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage()
                    + "; fix or delete it, then log in again", e);
        }
    }

    /** Writes the file atomically, readable only by its owner (it holds a secret). */
    public void save(Path dir) {
        ObjectNode n = MAPPER.createObjectNode();
        url.ifPresent(u -> n.put("url", u));
        token.ifPresent(t -> n.put("token", t));
        organization.ifPresent(o -> n.put("organization", o));
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "settings", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system; the user's config directory protects the file.
            }
            Files.write(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
            Files.move(tmp, dir.resolve("settings.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CLI settings in " + dir, e);
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? Optional.of(v.asText()) : Optional.empty();
    }
}
