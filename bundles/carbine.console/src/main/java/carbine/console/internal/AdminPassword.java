package carbine.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The Web Console's admin password, kept only as a salted PBKDF2 hash in one line of a file:
 * {@code pbkdf2-sha256:<iterations>:<salt base64>:<hash base64>}.
 */
final class AdminPassword {
    static final String DEFAULT_CREDENTIAL_OF_FELIX = "admin";
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int ITERATIONS = 210_000; // OWASP's figure for PBKDF2-HMAC-SHA256
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private AdminPassword(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes a new password; refuses the Web Console's well-known default and anything shorter than 8. */
    static AdminPassword of(String password) {
        if (password == null || password.length() < 8 || password.equals(DEFAULT_CREDENTIAL_OF_FELIX)) {
            throw new IllegalArgumentException("the admin password must have at least 8 characters and not be 'admin'");
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new AdminPassword(ITERATIONS, salt, pbkdf2(password, salt, ITERATIONS));
    }

    /** A random password of 20 characters from an alphabet without look-alikes. */
    static String generate() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder p = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            p.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return p.toString();
    }

    boolean matches(String candidate) {
        if (candidate == null || candidate.equals(DEFAULT_CREDENTIAL_OF_FELIX)) {
            return false;
        }
        return MessageDigest.isEqual(hash, pbkdf2(candidate, salt, iterations));
    }

    /** Reads the stored hash; empty if there is no file. A malformed file is an error, never silently replaced. */
    static Optional<AdminPassword> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(Files.readString(file, StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a Carbine password hash (expected " + SCHEME + ":...); "
                    + "delete it to get a new generated password, or set CARBINE_ADMIN_PASSWORD");
        }
    }

    /** A hash as {@link #encoded()} wrote it; {@link IllegalArgumentException} if it is none. */
    static AdminPassword parse(String encoded) {
        String[] parts = encoded.trim().split(":");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("not a " + SCHEME + " hash");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        try {
            return new AdminPassword(Integer.parseInt(parts[1]), b64.decode(parts[2]), b64.decode(parts[3]));
        } catch (IllegalArgumentException e) { // NumberFormatException is one
            throw new IllegalArgumentException("not a " + SCHEME + " hash");
        }
    }

    /** {@code pbkdf2-sha256:<iterations>:<salt base64>:<hash base64>}: what {@link #parse} reads. */
    String encoded() {
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + ":" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash);
    }

    /** Writes the hash atomically, readable by the owner only where the file system allows. */
    void write(Path file) throws IOException {
        PrivateFile.write(file, encoded() + "\n");
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }
}
