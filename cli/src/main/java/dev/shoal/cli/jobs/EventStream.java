package dev.shoal.cli.jobs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Server-Sent-Events stream read with the JDK's HTTP client: the {@code event:} and {@code data:}
 * fields of each event (comments and other fields skipped). Helidon's web client SSE module is not
 * served to this build, and the maintained Java SSE clients (LaunchDarkly's) bring OkHttp and the
 * Kotlin runtime into the CLI; this is the part of the HTML specification's event-stream parsing
 * that Shoal's job stream uses (see docs/decisions.md).
 *
 * <p>{@link #close()} may be called from another thread than the one reading: it shuts the
 * stream's own HTTP client down, which ends a {@link #next()} blocked on the network with an
 * {@link java.io.UncheckedIOException} (the shell's progress line stops that way when its
 * statement answers).
 */
public final class EventStream implements AutoCloseable {
    public record Event(String name, String data) {}

    private final HttpClient client;
    private final Stream<String> lines;
    private final Iterator<String> it;

    private EventStream(HttpClient client, Stream<String> lines) {
        this.client = client;
        this.lines = lines;
        this.it = lines.iterator();
    }

    /** Opens the stream, with {@code bearer} if given; a non-200 answer is an error with the server's body. */
    public static EventStream open(URI url, Optional<String> bearer) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder req = HttpRequest.newBuilder(url).header("Accept", "text/event-stream").GET();
        bearer.ifPresent(t -> req.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<Stream<String>> res = client.send(req.build(), HttpResponse.BodyHandlers.ofLines());
            if (res.statusCode() != 200) {
                String body;
                try (Stream<String> b = res.body()) {
                    body = String.join("\n", b.toList());
                }
                throw new IOException("HTTP " + res.statusCode() + ": " + body);
            }
            return new EventStream(client, res.body());
        } catch (IOException | InterruptedException | RuntimeException e) {
            client.shutdownNow();
            throw e;
        }
    }

    /** The next event; empty when the stream ended. */
    public Optional<Event> next() {
        String name = "message";
        StringBuilder data = null;
        while (it.hasNext()) {
            String line = it.next();
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new Event(name, data.toString()));
                }
                name = "message";
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            if (field.equals("event")) {
                name = value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            lines.close();
        } finally {
            client.shutdownNow();
        }
    }
}
