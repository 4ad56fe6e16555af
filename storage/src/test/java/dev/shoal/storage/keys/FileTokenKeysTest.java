package dev.shoal.storage.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shoal.core.auth.Access;
import dev.shoal.core.auth.DatabaseTokens;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTokenKeysTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);
    private static final UUID GROUP = UUID.fromString("6f1c0d3e-0000-4000-8000-000000000001");
    private static final UUID DB = UUID.fromString("0a000000-0000-4000-8000-00000000000a");

    @TempDir
    Path tmp;

    private Path keysDir() {
        return tmp.resolve("keys");
    }

    @Test
    void firstUseCreatesThePairAndItsPublicKeyFile() throws Exception {
        FileTokenKeys keys = new FileTokenKeys(keysDir());

        KeyPair pair = keys.current(GROUP);

        assertThat(pair.getPublic().getAlgorithm()).isIn("EdDSA", "Ed25519");
        String keyFile = Files.readString(keysDir().resolve(GROUP + ".key"));
        assertThat(keyFile).startsWith("-----BEGIN PRIVATE KEY-----\n").contains("-----BEGIN PUBLIC KEY-----\n");
        String pubFile = Files.readString(keysDir().resolve(GROUP + ".pub"));
        assertThat(pubFile).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n")
                .doesNotContain("PRIVATE");
        assertThat(decodePublicPem(pubFile)).isEqualTo(pair.getPublic());
        assertThat(keys.privateKeyFile(GROUP)).isEqualTo(keysDir().resolve(GROUP + ".key"));
        assertThat(keys.publicKeyFile(GROUP)).isEqualTo(keysDir().resolve(GROUP + ".pub"));
    }

    @Test
    void eachGroupHasItsOwnPair() {
        FileTokenKeys keys = new FileTokenKeys(keysDir());

        assertThat(keys.current(GROUP).getPublic()).isNotEqualTo(keys.current(UUID.randomUUID()).getPublic());
    }

    @Test
    void pairPersistsAcrossInstancesAndKeepsTokensValid() {
        FileTokenKeys first = new FileTokenKeys(keysDir());
        KeyPair pair = first.current(GROUP);
        String jwt = new DatabaseTokens(first, CLOCK).mintDatabaseToken(GROUP, DB, 0, Access.FULL_ACCESS,
                Optional.empty(), List.of());

        FileTokenKeys second = new FileTokenKeys(keysDir());

        assertThat(second.current(GROUP).getPublic()).isEqualTo(pair.getPublic());
        assertThat(second.current(GROUP).getPrivate().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(new DatabaseTokens(second, CLOCK).authorize(jwt, DB, GROUP, 0).databaseId()).contains(DB);
    }

    @Test
    void privateKeyIsOwnerOnlyAndPublicKeyIsWorldReadable() throws Exception {
        assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView("posix"), "POSIX file system");
        new FileTokenKeys(keysDir()).current(GROUP);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keysDir().resolve(GROUP + ".key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keysDir().resolve(GROUP + ".pub"))))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keysDir()))).isEqualTo("rwx------");
    }

    @Test
    void rotatedPrivateKeyIsOwnerOnlyToo() throws Exception {
        assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView("posix"), "POSIX file system");
        FileTokenKeys keys = new FileTokenKeys(keysDir());
        keys.current(GROUP);

        keys.rotate(GROUP);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keysDir().resolve(GROUP + ".key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void rotateReplacesThePairOnDiskAndInMemory() throws Exception {
        FileTokenKeys keys = new FileTokenKeys(keysDir());
        DatabaseTokens tokens = new DatabaseTokens(keys, CLOCK);
        KeyPair before = keys.current(GROUP);
        String old = tokens.mintGroupToken(GROUP, Access.FULL_ACCESS, Optional.empty(), List.of());

        KeyPair after = keys.rotate(GROUP);

        assertThat(after.getPublic()).isNotEqualTo(before.getPublic());
        assertThat(keys.current(GROUP)).isSameAs(after);
        assertThat(new FileTokenKeys(keysDir()).current(GROUP).getPublic()).isEqualTo(after.getPublic());
        assertThat(decodePublicPem(Files.readString(keysDir().resolve(GROUP + ".pub")))).isEqualTo(after.getPublic());
        assertThatThrownBy(() -> tokens.authorize(old, DB, GROUP, 0))
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        String fresh = tokens.mintGroupToken(GROUP, Access.FULL_ACCESS, Optional.empty(), List.of());
        assertThat(tokens.authorize(fresh, DB, GROUP, 0).groupId()).isEqualTo(GROUP);
        assertThat(filesIn(keysDir())).containsExactlyInAnyOrder(GROUP + ".key", GROUP + ".pub");
    }

    @Test
    void rotateWorksForAGroupNeverUsedBefore() {
        FileTokenKeys keys = new FileTokenKeys(keysDir());

        KeyPair pair = keys.rotate(GROUP);

        assertThat(new FileTokenKeys(keysDir()).current(GROUP).getPublic()).isEqualTo(pair.getPublic());
    }

    @Test
    void afterFirstUseTheDiskIsNotRead() throws Exception {
        FileTokenKeys keys = new FileTokenKeys(keysDir());
        KeyPair pair = keys.current(GROUP);
        Files.delete(keysDir().resolve(GROUP + ".key"));
        Files.delete(keysDir().resolve(GROUP + ".pub"));

        assertThat(keys.current(GROUP)).isSameAs(pair);
        assertThat(filesIn(keysDir())).isEmpty();
    }

    @Test
    void concurrentFirstUseOfOneInstanceEndsWithOneKey() throws Exception {
        FileTokenKeys keys = new FileTokenKeys(keysDir());

        List<KeyPair> pairs = race(16, () -> keys.current(GROUP));

        assertThat(pairs).allSatisfy(p -> assertThat(p).isSameAs(pairs.get(0)));
        assertThat(new FileTokenKeys(keysDir()).current(GROUP).getPublic()).isEqualTo(pairs.get(0).getPublic());
        assertThat(filesIn(keysDir())).containsExactlyInAnyOrder(GROUP + ".key", GROUP + ".pub");
    }

    @Test
    void concurrentFirstUseFromSeparateInstancesSharingTheDirectoryEndsWithOneKey() throws Exception {
        for (int round = 0; round < 5; round++) {
            UUID group = UUID.randomUUID();

            List<KeyPair> pairs = race(8, () -> new FileTokenKeys(keysDir()).current(group));

            assertThat(pairs).allSatisfy(p -> assertThat(p.getPublic()).isEqualTo(pairs.get(0).getPublic()));
            assertThat(new FileTokenKeys(keysDir()).current(group).getPublic()).isEqualTo(pairs.get(0).getPublic());
        }
        assertThat(filesIn(keysDir())).allSatisfy(f -> assertThat(f).matches("[0-9a-f-]{36}\\.(key|pub)")).hasSize(10);
    }

    @Test
    void missingPublicKeyFileIsRewrittenFromTheKeyFile() throws Exception {
        KeyPair pair = new FileTokenKeys(keysDir()).current(GROUP);
        Path pub = keysDir().resolve(GROUP + ".pub");
        Files.delete(pub);

        new FileTokenKeys(keysDir()).current(GROUP);

        assertThat(decodePublicPem(Files.readString(pub))).isEqualTo(pair.getPublic());
    }

    @Test
    void barePkcs8KeyFileIsCompletedByThePublicKeyFile() throws Exception {
        KeyPair pair = new FileTokenKeys(keysDir()).current(GROUP);
        Files.writeString(keysDir().resolve(GROUP + ".key"), FileTokenKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));

        KeyPair loaded = new FileTokenKeys(keysDir()).current(GROUP);

        assertThat(loaded.getPublic()).isEqualTo(pair.getPublic());
        assertThat(loaded.getPrivate().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
    }

    @Test
    void mismatchedPairIsRefused() throws Exception {
        KeyPair pair = new FileTokenKeys(keysDir()).current(GROUP);
        KeyPair other = new FileTokenKeys(keysDir()).current(UUID.randomUUID());
        Files.writeString(keysDir().resolve(GROUP + ".key"), FileTokenKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded())
                + FileTokenKeys.pem("PUBLIC KEY", other.getPublic().getEncoded()));

        assertThatThrownBy(() -> new FileTokenKeys(keysDir()).current(GROUP))
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("do not match");
    }

    @Test
    void corruptKeyFileIsAnInternalErrorNotARawException() throws Exception {
        Files.createDirectories(keysDir());
        Files.writeString(keysDir().resolve(GROUP + ".key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> new FileTokenKeys(keysDir()).current(GROUP))
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
    }

    @Test
    void pemRoundTripsAndWrapsAt64Columns() {
        byte[] der = new byte[100];
        for (int i = 0; i < der.length; i++) {
            der[i] = (byte) i;
        }

        String pem = FileTokenKeys.pem("PUBLIC KEY", der);

        assertThat(pem.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(64));
        assertThat(FileTokenKeys.pemBlock(pem, "PUBLIC KEY")).hasValue(der);
        assertThat(FileTokenKeys.pemBlock(pem, "PRIVATE KEY")).isEmpty();
    }

    private static PublicKey decodePublicPem(String pem) throws Exception {
        String b64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519").generatePublic(
                new X509EncodedKeySpec(java.util.Base64.getDecoder().decode(b64.getBytes(StandardCharsets.US_ASCII))));
    }

    private static List<String> filesIn(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
