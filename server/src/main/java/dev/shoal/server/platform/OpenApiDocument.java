package dev.shoal.server.platform;

import dev.shoal.server.http.HttpIo;
import io.helidon.webserver.http.HttpRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the checked-in OpenAPI 3 document of the Platform API at {@code /v1/openapi.yaml}. */
final class OpenApiDocument {
    static final String RESOURCE = "/dev/shoal/server/platform/openapi.yaml";

    private OpenApiDocument() {}

    static void register(HttpRules rules) {
        byte[] doc = load();
        rules.get("/v1/openapi.yaml", (req, res) -> {
            res.header(HttpIo.CONTENT_TYPE, "application/yaml");
            res.send(doc);
        });
    }

    static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
