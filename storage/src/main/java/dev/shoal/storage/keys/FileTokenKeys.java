package dev.shoal.storage.keys;

import dev.shoal.core.auth.TokenKeys;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link TokenKeys} kept in files, one Ed25519 key pair per group, created on first use.
 *
 * <p>Layout, in the keys directory (created with mode 0700 when missing):
 * <ul>
 *   <li>{@code <group-uuid>.key}: the pair, authoritative. PEM text holding two blocks: the private
 *       key as {@code -----BEGIN PRIVATE KEY-----} (PKCS#8 DER, base64), then the public key as
 *       {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo DER, base64). The public key
 *       is kept beside the private one because the JDK cannot derive an Ed25519 public key from a
 *       private one, and one file can be replaced atomically. Tools that read only the first PEM
 *       block (openssl, for example) see an ordinary PKCS#8 private key. Mode 0600 on POSIX file
 *       systems.</li>
 *   <li>{@code <group-uuid>.pub}: a copy of the public key alone, as a {@code PUBLIC KEY} PEM: the
 *       format sqld's {@code --auth-jwt-key-file} accepts, so an operator can check Shoal's tokens
 *       with sqld. It is derived from {@code .key} and rewritten from it whenever it is missing or
 *       differs (say after a crash between the two writes of a rotation).</li>
 * </ul>
 * A {@code .key} file without a public block (a bare PKCS#8 key an operator put there) is accepted
 * if the {@code .pub} file holds the matching public key; pairs that do not match are refused.
 *
 * <p>Files are written to a temporary file in the same directory, forced to disk and then moved
 * into place atomically; a group's first key is linked into place only if no other writer got
 * there first, so two processes sharing the directory agree on one key. Pairs are cached in
 * memory: after the first use of a group, {@link #current} never touches the disk. Thread-safe.
 */
public final class FileTokenKeys implements TokenKeys {
    private static final String KEY_SUFFIX = ".key";
    private static final String PUB_SUFFIX = ".pub";
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path dir;
    private final ConcurrentHashMap<UUID, KeyPair> cache = new ConcurrentHashMap<>();

    public FileTokenKeys(Path keysDir) {
        this.dir = Objects.requireNonNull(keysDir, "keysDir").toAbsolutePath().normalize();
    }

    /** The directory the key files live in. */
    public Path directory() {
        return dir;
    }

    /** Where the group's private key (and pair) is kept. */
    public Path privateKeyFile(UUID groupId) {
        return dir.resolve(groupId + KEY_SUFFIX);
    }

    /** Where the group's public key is kept, as a PEM sqld's {@code --auth-jwt-key-file} accepts. */
    public Path publicKeyFile(UUID groupId) {
        return dir.resolve(groupId + PUB_SUFFIX);
    }

    @Override
    public KeyPair current(UUID groupId) {
        Objects.requireNonNull(groupId, "groupId");
        KeyPair cached = cache.get(groupId);
        return cached != null ? cached : cache.computeIfAbsent(groupId, this::loadOrCreate);
    }

    @Override
    public KeyPair rotate(UUID groupId) {
        Objects.requireNonNull(groupId, "groupId");
        return cache.compute(groupId, (g, old) -> {
            KeyPair fresh = TokenKeys.generateEd25519();
            try {
                ensureDirectory();
                Path tmp = writeTemp(g, keyFileText(fresh), PRIVATE);
                moveAtomically(tmp, privateKeyFile(g));
                writePublic(g, fresh.getPublic());
            } catch (IOException e) {
                throw failure("cannot write the new token key of group " + g, e);
            }
            return fresh;
        });
    }

    private KeyPair loadOrCreate(UUID groupId) {
        try {
            Optional<KeyPair> existing = load(groupId);
            if (existing.isPresent()) {
                return existing.get();
            }
            ensureDirectory();
            KeyPair fresh = TokenKeys.generateEd25519();
            Path tmp = writeTemp(groupId, keyFileText(fresh), PRIVATE);
            try {
                if (!linkIfAbsent(tmp, privateKeyFile(groupId))) {
                    // Another process created the group's key first: use that one.
                    return load(groupId).orElseThrow(() -> new IOException("key file vanished"));
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            writePublic(groupId, fresh.getPublic());
            return fresh;
        } catch (IOException e) {
            throw failure("cannot read or create the token key of group " + groupId, e);
        }
    }

    private Optional<KeyPair> load(UUID groupId) throws IOException {
        String text;
        try {
            text = Files.readString(privateKeyFile(groupId), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            PrivateKey priv = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(pemBlock(text, "PRIVATE KEY")
                            .orElseThrow(() -> new IOException(privateKeyFile(groupId) + " has no PRIVATE KEY block"))));
            Optional<byte[]> pubDer = pemBlock(text, "PUBLIC KEY");
            if (pubDer.isEmpty()) {
                try {
                    pubDer = pemBlock(Files.readString(publicKeyFile(groupId), StandardCharsets.US_ASCII), "PUBLIC KEY");
                } catch (NoSuchFileException e) {
                    // reported below
                }
            }
            byte[] der = pubDer.orElseThrow(() -> new IOException(privateKeyFile(groupId)
                    + " has no PUBLIC KEY block and " + publicKeyFile(groupId) + " has none either"));
            PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            KeyPair pair = new KeyPair(pub, priv);
            if (!matches(pair)) {
                throw new IOException("the private and public token keys of group " + groupId + " do not match");
            }
            if (!publicFileIsCurrent(groupId, pub)) {
                writePublic(groupId, pub);
            }
            return Optional.of(pair);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(privateKeyFile(groupId) + " does not hold an Ed25519 key pair", e);
        }
    }

    private boolean publicFileIsCurrent(UUID groupId, PublicKey pub) throws IOException {
        try {
            return Files.readString(publicKeyFile(groupId), StandardCharsets.US_ASCII).equals(pem("PUBLIC KEY", pub.getEncoded()));
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static boolean matches(KeyPair pair) throws GeneralSecurityException {
        byte[] probe = "shoal token key check".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(pair.getPrivate());
        s.update(probe);
        byte[] sig = s.sign();
        s.initVerify(pair.getPublic());
        s.update(probe);
        return s.verify(sig);
    }

    private void writePublic(UUID groupId, PublicKey pub) throws IOException {
        Path tmp = writeTemp(groupId, pem("PUBLIC KEY", pub.getEncoded()), PUBLIC);
        moveAtomically(tmp, publicKeyFile(groupId));
    }

    private static String keyFileText(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    static Optional<byte[]> pemBlock(String text, String label) {
        Matcher m = PEM_BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(label)) {
                return Optional.of(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return Optional.empty();
    }

    private boolean posix() throws IOException {
        return Files.getFileStore(dir).supportsFileAttributeView("posix");
    }

    private void ensureDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean posixParent = parent != null && Files.getFileStore(parent).supportsFileAttributeView("posix");
        try {
            if (posixParent) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
                Files.setPosixFilePermissions(dir, DIRECTORY); // the umask may have narrowed it
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /** Writes {@code text} to a new temporary file beside the key files, with its final permissions, forced to disk. */
    private Path writeTemp(UUID groupId, String text, Set<PosixFilePermission> perms) throws IOException {
        boolean posix = posix();
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + groupId + ".", ".tmp", attrs);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(tmp, perms);
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private void moveAtomically(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        syncDirectory();
    }

    /** Puts {@code tmp} at {@code target} unless {@code target} exists; false if it did. */
    private boolean linkIfAbsent(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            // No hard links here: a plain move refuses an existing target too (not atomically).
            try {
                Files.move(tmp, target);
            } catch (FileAlreadyExistsException e2) {
                return false;
            }
        }
        syncDirectory();
        return true;
    }

    /** Makes the directory entries durable where the platform allows syncing a directory. */
    private void syncDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // not supported everywhere (Windows); the rename itself is still atomic
        }
    }

    private static ShoalException failure(String message, IOException e) {
        return new ShoalException(ErrorCode.INTERNAL, message + ": " + e.getMessage(), e);
    }
}
