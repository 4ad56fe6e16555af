package dev.shoal.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The Platform API's database routes for one organization. Calls return raw responses. */
public final class PlatformClient {
    private final HttpJson http;
    private final String serverUrl;
    private final String organization;

    public PlatformClient(HttpJson http, String serverUrl, String organization) {
        this.http = http;
        this.serverUrl = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        this.organization = organization;
    }

    public String databasesUrl() {
        return serverUrl + "/v1/organizations/" + organization + "/databases";
    }

    public HttpJson.Response create(String name) {
        return http.post(databasesUrl(), Map.of("name", name));
    }

    /** POSTs an arbitrary body to the create route. */
    public HttpJson.Response createRaw(Object body) {
        return http.post(databasesUrl(), body);
    }

    public HttpJson.Response list() {
        return http.get(databasesUrl());
    }

    public HttpJson.Response get(String name) {
        return http.get(databasesUrl() + "/" + name);
    }

    public HttpJson.Response delete(String name) {
        return http.delete(databasesUrl() + "/" + name);
    }

    /** Creates a database, requiring 200, and returns its {@code database} object. */
    public JsonNode createOk(String name) {
        HttpJson.Response r = create(name);
        if (r.status() != 200) {
            throw new AssertionError("create " + name + " failed: " + r);
        }
        return r.json().get("database");
    }

    /** The {@code http://} URL of a database object's {@code Hostname}. */
    public static String urlOf(JsonNode database) {
        return "http://" + database.get("Hostname").asText();
    }
}
