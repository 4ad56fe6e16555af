package dev.shoal.testkit.fuzz;

import java.io.IOException;
import java.util.Optional;

/**
 * Sends fuzz requests to one server; one per fuzzing thread (need not be thread-safe). An
 * {@link IOException} means the request got no answer: a timeout, or the connection closed or
 * reset before a complete response.
 */
public interface FuzzTransport extends AutoCloseable {
    Answer send(FuzzCase request) throws IOException;

    @Override
    void close();

    /** A complete response. */
    record Answer(int status, Optional<String> contentType, byte[] body) {}
}
