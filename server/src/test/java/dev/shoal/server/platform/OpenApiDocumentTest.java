package dev.shoal.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.HttpJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checked-in OpenAPI document describes exactly the Platform API routes the server registers,
 * is served as-is at {@code GET /v1/openapi.yaml}, is internally consistent, and its main object
 * schemas name the fields the server really sends.
 */
class OpenApiDocumentTest {
    private static final String RESOURCE = "/dev/shoal/server/platform/openapi.yaml";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

    @TempDir
    static Path dataDir;

    static ShoalServer server;
    static byte[] resource;
    static JsonNode doc;
    static final HttpJson http = new HttpJson();

    @BeforeAll
    static void start() throws IOException {
        server = ShoalServer.start(ServerConfig.dev(dataDir, 0));
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("resource %s", RESOURCE).isNotNull();
            resource = in.readAllBytes();
        }
        doc = new YAMLMapper().readTree(resource);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void documentsExactlyTheRegisteredRoutes() {
        Set<String> documented = new TreeSet<>();
        doc.path("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(m -> {
            if (METHODS.contains(m)) {
                documented.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        Set<String> registered = new TreeSet<>(server.platformRoutes());
        registered.add("GET /v1/openapi.yaml");

        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(registered);
        assertThat(undocumented.isEmpty() && notServed.isEmpty())
                .as("openapi.yaml is out of step with the server.%n  registered but not documented: %s%n"
                        + "  documented but not registered: %s", undocumented, notServed)
                .isTrue();
        assertThat(server.platformRoutes()).as("no route registered twice").doesNotHaveDuplicates();
    }

    @Test
    void servesTheResourceBytes() {
        HttpJson.Response r = http.get(server.url() + "/v1/openapi.yaml");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
        assertThat(r.bytes()).isEqualTo(resource);
    }

    /** src/main/resources is Maven-filtered: the built resource must equal the checked-in file. */
    @Test
    void notAlteredByResourceFiltering() throws IOException {
        Path source = Path.of(System.getProperty("basedir", ".")).resolve("src/main/resources" + RESOURCE);
        if (!Files.exists(source)) {
            return; // not run from the module directory
        }
        List<String> built = new String(resource, StandardCharsets.UTF_8).lines().toList();
        List<String> checkedIn = Files.readAllLines(source, StandardCharsets.UTF_8);
        for (int i = 0; i < Math.min(built.size(), checkedIn.size()); i++) {
            assertThat(built.get(i)).as("line %d of openapi.yaml, changed by Maven filtering (a ${...} in it?)", i + 1)
                    .isEqualTo(checkedIn.get(i));
        }
        assertThat(built).hasSameSizeAs(checkedIn);
    }

    @Test
    void everyRefResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).as("only local $refs").startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as("$ref %s resolves", ref).isFalse();
        }
    }

    @Test
    void operationsAreComplete() {
        assertThat(doc.path("openapi").asText()).isEqualTo("3.0.3");
        Set<String> operationIds = new TreeSet<>();
        doc.path("paths").properties().forEach(path -> {
            Set<String> inPath = new TreeSet<>();
            Matcher m = PATH_PARAM.matcher(path.getKey());
            while (m.find()) {
                inPath.add(m.group(1));
            }
            path.getValue().properties().forEach(e -> {
                if (!METHODS.contains(e.getKey())) {
                    return;
                }
                String where = e.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                JsonNode operation = e.getValue();
                assertThat(operation.path("summary").asText()).as("summary of %s", where).isNotBlank();
                assertThat(operation.path("responses").has("200")).as("200 response of %s", where).isTrue();
                assertThat(operationIds.add(operation.path("operationId").asText()))
                        .as("unique operationId of %s", where).isTrue();
                Set<String> declared = new TreeSet<>();
                for (JsonNode param : operation.path("parameters")) {
                    JsonNode p = resolve(param);
                    if (p.path("in").asText().equals("path")) {
                        declared.add(p.path("name").asText());
                    }
                }
                assertThat(declared).as("path parameters of %s", where).isEqualTo(inPath);
            });
        });
    }

    /** The object schemas list the fields the server sends, with their exact casing. */
    @Test
    void schemasMatchLiveResponses() {
        String v1 = server.url() + "/v1";
        assertThat(http.post(v1 + "/databases", "{\"name\":\"openapi-check\"}").status()).isEqualTo(200);
        HttpJson.Response minted = http.post(v1 + "/auth/api-tokens/openapi-check", "{}");
        assertThat(minted.status()).isEqualTo(200);

        assertShape("Organization", getOk(v1 + "/organizations").path("organizations").get(0));
        assertShape("Group", getOk(v1 + "/groups/default").path("group"));
        assertShape("Database", getOk(v1 + "/databases/openapi-check").path("database"));
        assertShape("DatabaseConfiguration", getOk(v1 + "/databases/openapi-check/configuration"));
        assertShape("Instance", getOk(v1 + "/databases/openapi-check/instances/local").path("instance"));
        assertShape("Usage", getOk(v1 + "/databases/openapi-check/usage").path("database").path("usage"));
        assertShape("ApiToken", getOk(v1 + "/auth/api-tokens").path("tokens").get(0));
        JsonNode error = http.get(v1 + "/databases/no-such-db").json();
        assertShape("Error", error);
    }

    private static JsonNode getOk(String url) {
        HttpJson.Response r = http.get(url);
        assertThat(r.status()).as("GET %s: %s", url, r.body()).isEqualTo(200);
        return r.json();
    }

    private static void assertShape(String schema, JsonNode actual) {
        JsonNode s = doc.path("components").path("schemas").path(schema);
        assertThat(actual.isObject()).as("%s sample %s", schema, actual).isTrue();
        Set<String> properties = new TreeSet<>();
        s.path("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> sent = new TreeSet<>();
        actual.fieldNames().forEachRemaining(sent::add);
        assertThat(properties).as("fields of %s the server sends (%s)", schema, actual).containsAll(sent);
        for (JsonNode required : s.path("required")) {
            assertThat(sent).as("required field of %s", schema).contains(required.asText());
        }
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : resolve(doc.at(ref.asText().substring(1)));
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, out));
        }
    }
}
