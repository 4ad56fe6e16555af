package dev.shoal.testkit.fuzz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.testkit.Hrana;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Makes the requests of the Hrana fuzzer: a well-formed pipeline or cursor body
 * ({@link SeedRequests}) broken by zero to three mutations — shape-blind ones
 * ({@link JsonMutations}), Hrana-aware ones ({@link HranaMutations}), byte-level damage and wrong
 * headers ({@link BodyMutations}) — sent with no baton, a forged, reused or expired one, or
 * (as a follow-up) the baton the previous response gave.
 *
 * <p>Each case draws from its own {@link Random} seeded by {@link #caseRandom(long, long)}, so the
 * request made for a given seed and case number does not depend on threads or timing (only the
 * batons it borrows from earlier responses do).
 */
public final class HranaFuzzer {
    /** Statements that create the tables the fuzzer's SQL uses; run once per target database. */
    public static final List<String> SETUP_SQL = List.of(
            "CREATE TABLE IF NOT EXISTS fuzz_t(a, b)",
            "CREATE TABLE IF NOT EXISTS fuzz_u(k PRIMARY KEY, v)");

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Writes conditions nested far deeper than Jackson's default limit of 1,000 (the server must refuse them). */
    private static final ObjectMapper WRITER = new ObjectMapper(JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(1_000_000).build()).build());

    private final List<String> targets;
    private final List<String> missingTargets;
    private final BatonBox batons;

    /**
     * @param targets     database path prefixes that exist ({@code ""} is the bare URL's default database,
     *                    {@code /db/admin/x} a named one); each must have run {@link #SETUP_SQL}
     * @param idleTimeout the server's stream idle timeout (when a parked baton must have expired)
     */
    public HranaFuzzer(List<String> targets, Duration idleTimeout) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("the fuzzer needs at least one target database");
        }
        this.targets = List.copyOf(targets);
        this.missingTargets = List.of("/db/admin/no-such-db", "/db/nobody/x", "/db/admin/Bad_Name!", "/db/admin/"
                + "x".repeat(300));
        this.batons = new BatonBox(idleTimeout);
    }

    /** The random source of case {@code index} of a run with {@code seed}. */
    public static Random caseRandom(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1); // SplitMix64: neighbouring indexes get unrelated seeds
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }

    /** The first request of a case: a new stream, or a forged, reused or expired baton. */
    public FuzzCase first(Random r) {
        String target = r.nextInt(30) == 0 ? SqlFragments.pick(r, missingTargets) : SqlFragments.pick(r, targets);
        List<String> what = new ArrayList<>();
        JsonNode baton = F.nullNode();
        int b = r.nextInt(20);
        if (b == 0) {
            baton = F.textNode(forgedBaton(r));
            what.add("forged baton");
        } else if (b == 1) {
            Optional<String> used = batons.reused(r);
            baton = used.<JsonNode>map(F::textNode).orElse(F.nullNode());
            what.add(used.isPresent() ? "reused baton" : "no baton");
        } else if (b == 2) {
            Optional<BatonBox.Parked> p = batons.expired();
            if (p.isPresent()) {
                baton = F.textNode(p.get().baton());
                target = p.get().target();
                what.add("expired baton");
            }
        }
        return build(r, target, baton, what);
    }

    /** A request continuing the stream whose latest response gave {@code baton}. */
    public FuzzCase followUp(Random r, String streamTarget, String baton) {
        String target = r.nextInt(40) == 0 ? SqlFragments.pick(r, targets) : streamTarget;
        List<String> what = new ArrayList<>(List.of("follow-up"));
        return build(r, target, F.textNode(baton), what);
    }

    /** A valid request that closes a stream. */
    public FuzzCase close(String target, String baton) {
        return valid(target, Hrana.pipelineBody(baton, Hrana.close()), "close");
    }

    /** A valid request that rolls back whatever a stream has open and keeps it; see {@link #park}. */
    public FuzzCase rollback(String target, String baton) {
        return valid(target, Hrana.pipelineBody(baton, Hrana.execute("ROLLBACK")), "rollback before parking");
    }

    /** Whether another stream may be left idle to expire. */
    public boolean hasRoomToPark() {
        return batons.hasRoomToPark();
    }

    /** Leaves a stream (holding no transaction) idle, so that its baton is later sent expired. */
    public void park(String target, String baton) {
        batons.park(baton, target);
    }

    /** Records a baton that has been sent: sending it again must be refused. */
    public void used(String baton) {
        batons.used(baton);
    }

    private FuzzCase valid(String target, ObjectNode body, String what) {
        return new FuzzCase(target, target + "/v2/pipeline", false, Optional.of("application/json"), List.of(),
                write(body), what);
    }

    private FuzzCase build(Random r, String target, JsonNode baton, List<String> what) {
        int kind = r.nextInt(10);
        boolean cursor = kind >= 8;
        int version = cursor || kind >= 4 ? 3 : 2;
        ObjectNode body = cursor ? SeedRequests.cursor(r, baton)
                : SeedRequests.pipeline(r, version, baton, r.nextInt(4) == 0);
        if (r.nextInt(40) == 0) { // a body for the other endpoint
            body = cursor ? SeedRequests.pipeline(r, 3, baton, false) : SeedRequests.cursor(r, baton);
            what.add("body for the other endpoint");
        }
        int mutations = r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(r.nextInt(3) == 0 ? 3 : 1);
        for (int i = 0; i < mutations; i++) {
            what.add(r.nextInt(5) < 2 ? JsonMutations.mutate(r, body) : HranaMutations.mutate(r, body));
        }
        byte[] bytes = write(body);
        if (r.nextInt(12) == 0) {
            BodyMutations.Damaged d = BodyMutations.damage(r, bytes);
            bytes = d.body();
            what.add(d.what());
        }
        // Only on small bodies: Helidon refuses any Content-Encoding before reading the body and
        // closes the connection, so a large unread body turns its 400 into a reset (reported).
        List<FuzzCase.Header> headers = bytes.length > 4096 ? List.of() : BodyMutations.extraHeaders(r).stream()
                .map(h -> new FuzzCase.Header(h[0], h[1])).toList();
        String endpoint = cursor ? "/v3/cursor" : "/v" + version + "/pipeline";
        return new FuzzCase(target, target + endpoint, cursor, BodyMutations.contentType(r), headers, bytes,
                String.join("; ", what));
    }

    private static String forgedBaton(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> {
                byte[] b = new byte[16];
                r.nextBytes(b);
                yield Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            }
            case 1 -> "";
            case 2 -> "x".repeat(1 + r.nextInt(10_000));
            case 3 -> "../../etc/passwd";
            default -> "\u0000\ud800" + r.nextInt();
        };
    }

    static byte[] write(JsonNode body) {
        try {
            return WRITER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a fuzz body", e);
        }
    }
}
