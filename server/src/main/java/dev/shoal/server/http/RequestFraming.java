package dev.shoal.server.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;

/**
 * The routing filter every request passes first. It puts the request body behind a
 * {@link GuardedBody} (read timeout; broken framing answered 400/413; a hang-up closes quietly)
 * and closes the connection after the answer when keeping it open would be wrong or unwanted:
 * <ul>
 *   <li>an error answered before the body was read to its end (over the limit, broken chunking):
 *       what follows cannot be told apart from a next request, and draining all of it could
 *       mean reading up to the payload ceiling for nothing (so at most half a second, 16 MiB,
 *       is read and dropped before the close, for the client to see the answer);</li>
 *   <li>a {@code Connection: close} from the client or in the answer: Helidon 4.5 sends the header
 *       but would keep reading the socket until the client or the idle timeout closes it.</li>
 * </ul>
 */
public final class RequestFraming implements Filter, AutoCloseable {
    private static final Duration LINGER = Duration.ofMillis(500);
    private static final long LINGER_BYTES = 16L << 20;
    private final ReadTimeouts timeouts;

    private final BodyBudget budget;

    /** {@code bodyBudget}: request-body bytes all requests together may hold at once. */
    public RequestFraming(Duration readTimeout, long bodyBudget) {
        this.timeouts = new ReadTimeouts(readTimeout);
        this.budget = new BodyBudget(bodyBudget);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String request = req.prologue().method().text() + " " + printable(req.path().rawPath());
        GuardedBody[] body = new GuardedBody[1];
        req.streamFilter(in -> body[0] = new GuardedBody(in, timeouts, request));
        try (BodyBudget.Share share = budget.share()) {
            req.context().register(share); // HttpIo.body counts what it holds in memory against it
            proceed(chain, req, res, body);
        }
    }

    private void proceed(FilterChain chain, RoutingRequest req, RoutingResponse res, GuardedBody[] body) {
        res.beforeSend(() -> {
            if (res.status().code() >= 400 && !req.content().consumed()) {
                res.header(HeaderValues.CONNECTION_CLOSE);
            }
        });
        chain.proceed();
        if (closes(req.headers()) || closes(res.headers())) {
            if (!req.content().consumed()) {
                drain(req, body); // let the client read the answer before the close
            }
            // Helidon's supported way for a handler to end the connection once its answer is written.
            throw new CloseConnectionException("answered with Connection: close");
        }
    }

    /**
     * {@code Connection: close} among the headers. The usual one-word value is compared as it is;
     * Helidon's token search, which splits every value into a new list, showed in profiles of
     * small requests (every answer carries {@code Connection: keep-alive}).
     */
    static boolean closes(Headers headers) {
        if (!headers.contains(HeaderNames.CONNECTION)) {
            return false;
        }
        Header h = headers.get(HeaderNames.CONNECTION);
        if (h.valueCount() == 1) {
            String v = h.get();
            if (v.indexOf(',') < 0 && v.indexOf('"') < 0) {
                return v.trim().equalsIgnoreCase("close");
            }
        }
        return headers.containsToken(HeaderValues.CONNECTION_CLOSE);
    }

    /** Reads what is left of the body (opening it if the handler never did, e.g. a 404), within the linger bounds. */
    private static void drain(RoutingRequest req, GuardedBody[] body) {
        if (body[0] == null) {
            if (req.headers().contains(HeaderNames.EXPECT) && !req.continueSent()) {
                return; // the client sends no body before a 100 Continue, and opening it would send one
            }
            try {
                req.content().inputStream(); // runs the stream filter, which makes the GuardedBody
            } catch (RuntimeException e) {
                return; // no body to read (or it cannot be read any more): close as is
            }
        }
        if (body[0] != null) {
            body[0].drain(LINGER, LINGER_BYTES);
        }
    }

    /** A path fit for one log line: Helidon validates paths, but a log must not be the place to find out. */
    static String printable(String path) {
        String p = path.length() > 200 ? path.substring(0, 200) + "…" : path;
        for (int i = 0; i < p.length(); i++) {
            if (!visible(p.charAt(i))) {
                return replaceInvisible(p); // rare: Helidon refuses most such paths before routing
            }
        }
        return p; // every request passes here: no copy, no regular expression
    }

    private static String replaceInvisible(String p) {
        StringBuilder b = new StringBuilder(p.length());
        p.codePoints().forEach(c -> b.append(c <= Character.MAX_VALUE && visible((char) c) ? (char) c : '?'));
        return b.toString();
    }

    private static boolean visible(char c) {
        return (c >= 0x21 && c <= 0x7e) || c == '…';
    }

    @Override
    public void close() {
        timeouts.close();
    }
}
