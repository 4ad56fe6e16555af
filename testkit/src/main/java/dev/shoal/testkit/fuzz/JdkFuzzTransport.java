package dev.shoal.testkit.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A {@link FuzzTransport} over {@code java.net.http} (HTTP/1.1), for tests. */
public final class JdkFuzzTransport implements FuzzTransport {
    private final HttpClient client;
    private final String baseUrl;
    private final Duration timeout;

    /** @param baseUrl the server URL without a trailing slash, e.g. {@code http://127.0.0.1:8080} */
    public JdkFuzzTransport(String baseUrl, Duration timeout) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
    }

    @Override
    public Answer send(FuzzCase c) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + c.path())).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
        c.contentType().ifPresent(ct -> b.header("Content-Type", ct));
        c.headers().forEach(h -> b.header(h.name(), h.value()));
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r.headers().firstValue("content-type"), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
