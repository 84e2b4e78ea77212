package carbine.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API tokens for scripts: random 32 bytes, base64url, prefixed {@value #PREFIX}; each has a {@link Role} (tokens
 * made before roles existed are the admin's). Only their SHA-256 hashes are kept, one line per token in {@code <data>/api-tokens}: {@code name}, hash
 * (hex), created, expires ({@code -}: never), last used ({@code -}: never), role, separated by tabs; written atomically
 * and readable by the owner only. A token is 256 random bits, so a fast hash is enough: nobody can guess one
 * from its hash, a slow hash (like the password's PBKDF2) would only cost CPU on every API request.
 *
 * <p>The token text is returned once by {@link #create} and never kept, logged or shown again. Thread-safe.
 */
final class ApiTokens {
    static final String FILE_NAME = "api-tokens";
    static final String PREFIX = "cbt_";
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String HEADER = "# Carbine API tokens: name, SHA-256 of the token, created, expires, last used, role";
    /** Last use is written back at most this often per token: not a file write per request. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What is known of one token; never the token itself. */
    record Token(String name, byte[] hash, Instant created, Instant expires, Instant lastUsed, Role role) {
        boolean expiredAt(Instant now) {
            return expires != null && !now.isBefore(expires);
        }

        @Override
        public String toString() {
            return "Token[" + name + ", " + role.id() + ", created " + created + ", expires " + (expires == null ? "never" : expires)
                    + "]";
        }
    }

    private final Path file;
    private final Clock clock;
    private final Map<String, Token> tokens = new LinkedHashMap<>();

    /** Loads {@code file} if it exists; a malformed file is an error, never silently replaced. */
    ApiTokens(Path file, Clock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        for (Token t : read(file)) {
            tokens.put(t.name(), t);
        }
    }

    Path file() {
        return file;
    }

    /** Creates an admin token named {@code name}, valid for {@code days} days (null: no expiry); returns its text. */
    synchronized String create(String name, Integer days) throws IOException {
        return create(name, days, Role.ADMIN);
    }

    /** Creates a token with {@code role}, valid for {@code days} days (null: no expiry); returns its text. */
    synchronized String create(String name, Integer days, Role role) throws IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a token name is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (tokens.containsKey(name)) {
            throw new IllegalArgumentException("there is a token named '" + name + "' already; revoke it first");
        }
        if (days != null && days < 1) {
            throw new IllegalArgumentException("days must be at least 1");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Map<String, Token> next = new LinkedHashMap<>(tokens);
        next.put(name, new Token(name, sha256(token), now, days == null ? null : now.plus(Duration.ofDays(days)), null,
                role));
        write(next.values());
        tokens.put(name, next.get(name));
        return token;
    }

    /** Whether a token named {@code name} existed; it no longer works from now on. */
    synchronized boolean revoke(String name) throws IOException {
        if (!tokens.containsKey(name)) {
            return false;
        }
        Map<String, Token> next = new LinkedHashMap<>(tokens);
        next.remove(name);
        write(next.values());
        tokens.remove(name);
        return true;
    }

    synchronized List<Token> list() {
        return List.copyOf(tokens.values());
    }

    /**
     * The name of the token whose text is {@code candidate}, if it is one and not expired. Compares the hash with
     * every token's in constant time, without stopping at a match.
     */
    Optional<Token> verify(String candidate) {
        if (candidate == null || !candidate.startsWith(PREFIX)) {
            return Optional.empty();
        }
        byte[] hash = sha256(candidate);
        Instant now = clock.instant();
        synchronized (this) {
            Token found = null;
            for (Token t : tokens.values()) {
                if (MessageDigest.isEqual(t.hash(), hash)) {
                    found = t;
                }
            }
            if (found == null || found.expiredAt(now)) {
                return Optional.empty();
            }
            Token used = new Token(found.name(), found.hash(), found.created(), found.expires(), now, found.role());
            tokens.put(found.name(), used);
            if (found.lastUsed() == null || Duration.between(found.lastUsed(), now).compareTo(LAST_USED_RESOLUTION) >= 0) {
                try {
                    write(tokens.values());
                } catch (IOException e) {
                    // the last-use time is informational; the token was verified all the same
                }
            }
            return Optional.of(used);
        }
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static List<Token> read(Path file) throws IOException {
        List<Token> read = new ArrayList<>();
        if (!Files.exists(file)) {
            return read;
        }
        int lineNumber = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            try {
                if (f.length < 5 || f.length > 6 || !NAME.matcher(f[0]).matches() || f[1].length() != 64) {
                    throw new IllegalArgumentException("expected 6 tab-separated fields");
                }
                // a line of five fields was written before tokens had roles: every token was the admin's then
                Role role = f.length == 5 ? Role.ADMIN : Role.parse(f[5])
                        .orElseThrow(() -> new IllegalArgumentException("unknown role"));
                read.add(new Token(f[0], HexFormat.of().parseHex(f[1]), Instant.parse(f[2]), instant(f[3]),
                        instant(f[4]), role));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                // the line itself is not shown: it holds a hash
                throw new IOException(file + " line " + lineNumber + " is not a Carbine API token (" + e.getMessage()
                        + "); fix it, or delete it with Carbine stopped (that revokes every token)");
            }
        }
        return read;
    }

    private static Instant instant(String field) {
        return field.equals("-") ? null : Instant.parse(field);
    }

    private void write(Iterable<Token> all) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Token t : all) {
            text.append(t.name()).append('\t').append(HexFormat.of().formatHex(t.hash())).append('\t')
                    .append(t.created()).append('\t').append(t.expires() == null ? "-" : t.expires().toString())
                    .append('\t').append(t.lastUsed() == null ? "-" : t.lastUsed().toString()).append('\t')
                    .append(t.role().id()).append('\n');
        }
        PrivateFile.write(file, text.toString());
    }
}
