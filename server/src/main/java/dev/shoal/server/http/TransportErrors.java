package dev.shoal.server.http;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * Answers what Helidon refuses before any route or filter sees it (a Content-Length that is not a
 * number, Content-Length together with Transfer-Encoding, a declared body over the payload
 * ceiling, a malformed request line or header) in the error shape of the protocol the path
 * belongs to, typed exactly {@code application/json}. Helidon closes the connection afterwards.
 */
public final class TransportErrors implements DirectHandler {
    /** Helidon's text when it judges its own message unsafe to show; we say something useful instead. */
    private static final String HELIDON_PLACEHOLDER = "Bad request, see server log for more information";

    private final long maxBodyBytes;
    private final long payloadCeiling;

    /**
     * @param maxBodyBytes   the limit of JSON bodies (every Hrana route), named in Hrana's 413s
     * @param payloadCeiling the largest body any route takes (uploads), named in the others'
     */
    private TransportErrors(long maxBodyBytes, long payloadCeiling) {
        this.maxBodyBytes = maxBodyBytes;
        this.payloadCeiling = payloadCeiling;
    }

    /** The handler for every kind of transport event. */
    public static DirectHandlers handlers(long maxBodyBytes, long payloadCeiling) {
        TransportErrors handler = new TransportErrors(maxBodyBytes, payloadCeiling);
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            b.addHandler(type, handler);
        }
        return b.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
            ServerResponseHeaders headers, String message) {
        String path = request.path();
        byte[] body = ErrorBodies.transport(path, error(path, status, message));
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .header(HeaderNames.CONTENT_TYPE, HttpIo.JSON)
                .entity(body)
                .keepAlive(false)
                .build();
    }

    private ShoalException error(String path, Status status, String helidonMessage) {
        String detail = helidonMessage == null || helidonMessage.isBlank() || helidonMessage.equals(HELIDON_PLACEHOLDER)
                ? "" : ": " + helidonMessage;
        return switch (status.code()) {
            case 413 -> new ShoalException(ErrorCode.BODY_TOO_LARGE, "request body is larger than the limit of "
                    + (ErrorBodies.isHranaPath(path) ? maxBodyBytes : payloadCeiling) + " bytes");
            case 403 -> new ShoalException(ErrorCode.FORBIDDEN, "forbidden" + detail);
            case 429, 503 -> new ShoalException(ErrorCode.BUSY, "server is busy; retry shortly");
            case 500 -> new ShoalException(ErrorCode.INTERNAL, "internal error");
            default -> new ShoalException(ErrorCode.PROTOCOL_ERROR, "malformed HTTP request" + detail);
        };
    }
}
