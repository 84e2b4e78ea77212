package carbine.driver.prusalink.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of HTTP Digest access authentication with MD5, written from RFC 7616 (section 3.4) and RFC 2617
 * (section 3.2.2): without {@code qop} (RFC 2069 style, what PrusaLink sends: response = MD5(HA1:nonce:HA2)) and with
 * {@code qop=auth} (response = MD5(HA1:nonce:nc:cnonce:auth:HA2)), HA1 = MD5(user:realm:password), HA2 =
 * MD5(method:uri). {@code auth-int}, SHA-256 and the {@code -sess} variants are not supported: PrusaLink uses none of
 * them. The java.net.http client has Basic only, hence this class.
 */
final class Digest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Digest() {}

    /**
     * A server's challenge, the parameters of a {@code WWW-Authenticate: Digest ...} header.
     *
     * @param qopAuth the server offered {@code qop="auth"} (false: no qop, RFC 2069 style)
     * @param stale   {@code stale=true}: the nonce expired, the credentials were right (RFC 7616 section 3.3)
     */
    record Challenge(String realm, String nonce, String opaque, boolean qopAuth, boolean stale, AtomicLong count) {
        /** The next nonce count, 1 for the first request with this nonce (only sent with qop). */
        long nextCount() {
            return count.incrementAndGet();
        }
    }

    /**
     * The Digest challenge among the {@code WWW-Authenticate} header values.
     *
     * @throws IllegalArgumentException when none is a usable MD5 Digest challenge; the message says why
     */
    static Challenge challenge(Iterable<String> headerValues) {
        String reason = "no WWW-Authenticate header";
        for (String value : headerValues) {
            String trimmed = value.strip();
            if (!trimmed.regionMatches(true, 0, "Digest ", 0, 7)) {
                reason = "the server asks for " + scheme(trimmed) + " authentication, not Digest";
                continue;
            }
            Map<String, String> p = parameters(trimmed.substring(7));
            String algorithm = p.getOrDefault("algorithm", "MD5");
            if (!algorithm.equalsIgnoreCase("MD5")) {
                reason = "the server asks for Digest with algorithm " + algorithm + "; only MD5 is supported";
                continue;
            }
            String nonce = p.get("nonce");
            if (nonce == null || nonce.isEmpty()) {
                reason = "the Digest challenge has no nonce";
                continue;
            }
            String qop = p.get("qop");
            boolean qopAuth = false;
            if (qop != null) {
                for (String option : qop.split(",")) {
                    qopAuth |= option.strip().equalsIgnoreCase("auth");
                }
                if (!qopAuth) {
                    reason = "the server asks for Digest with qop " + qop + "; only auth is supported";
                    continue;
                }
            }
            return new Challenge(p.getOrDefault("realm", ""), nonce, p.get("opaque"), qopAuth,
                    "true".equalsIgnoreCase(p.get("stale")), new AtomicLong());
        }
        throw new IllegalArgumentException(reason);
    }

    /** The value of an {@code Authorization} header answering the challenge, with a fresh client nonce. */
    static String authorization(Challenge challenge, String method, String uri, String username, String password) {
        return authorization(challenge, method, uri, username, password, challenge.qopAuth() ? challenge.nextCount() : 0,
                challenge.qopAuth() ? cnonce() : null);
    }

    /** As above with a given nonce count and client nonce (ignored without qop): RFC 2617's example is a test. */
    static String authorization(Challenge challenge, String method, String uri, String username, String password,
            long nonceCount, String cnonce) {
        String ha1 = md5(username + ":" + challenge.realm() + ":" + password);
        String ha2 = md5(method + ":" + uri);
        StringBuilder header = new StringBuilder("Digest username=\"").append(username).append("\", realm=\"")
                .append(quote(challenge.realm())).append("\", nonce=\"").append(quote(challenge.nonce()))
                .append("\", uri=\"").append(quote(uri)).append("\", algorithm=MD5");
        if (challenge.qopAuth()) {
            String nc = String.format(Locale.ROOT, "%08x", nonceCount);
            String response = md5(ha1 + ":" + challenge.nonce() + ":" + nc + ":" + cnonce + ":auth:" + ha2);
            header.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append("\", response=\"")
                    .append(response).append('"');
        } else {
            header.append(", response=\"").append(md5(ha1 + ":" + challenge.nonce() + ":" + ha2)).append('"');
        }
        if (challenge.opaque() != null) {
            header.append(", opaque=\"").append(quote(challenge.opaque())).append('"');
        }
        return header.toString();
    }

    /** Lower-case hex MD5 of the UTF-8 bytes. */
    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    /**
     * The {@code name=value} pairs of an auth-param list (RFC 7235 section 2.1): values are tokens or quoted strings
     * with backslash escapes; names are lower-cased.
     */
    static Map<String, String> parameters(String list) {
        Map<String, String> result = new LinkedHashMap<>();
        int i = 0;
        int n = list.length();
        while (i < n) {
            while (i < n && (list.charAt(i) == ',' || Character.isWhitespace(list.charAt(i)))) {
                i++;
            }
            int nameStart = i;
            while (i < n && list.charAt(i) != '=' && list.charAt(i) != ',') {
                i++;
            }
            String name = list.substring(nameStart, i).strip().toLowerCase(Locale.ROOT);
            if (i >= n || list.charAt(i) == ',') {
                continue; // a bare token: not a parameter
            }
            i++; // '='
            while (i < n && Character.isWhitespace(list.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && list.charAt(i) == '"') {
                i++;
                while (i < n && list.charAt(i) != '"') {
                    if (list.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(list.charAt(i++));
                }
                i++; // closing quote
            } else {
                while (i < n && list.charAt(i) != ',') {
                    value.append(list.charAt(i++));
                }
            }
            if (!name.isEmpty()) {
                result.put(name, value.toString().strip());
            }
        }
        return result;
    }

    private static String scheme(String headerValue) {
        int space = headerValue.indexOf(' ');
        return space < 0 ? headerValue : headerValue.substring(0, space);
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String cnonce() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
