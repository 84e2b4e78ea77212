package carbine.console.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's logins: a random 256-bit session id in a cookie ({@value #COOKIE}), the user it belongs to, and
 * when it was last used. Kept in memory only (a restart asks everyone to log in again) and keyed by the id's
 * SHA-256, so not even a heap dump holds a usable id. A session ends after {@code idle} without a request, at
 * logout, or when its user is removed (the role is looked up at each request, not kept here). At most
 * {@value #MAX_SESSIONS} sessions; the least recently used go first. Thread-safe.
 */
final class LoginSessions {
    static final String COOKIE = "carbine-session";
    static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Session(String user, Instant lastUsed) {
    }

    private final Clock clock;
    private final Duration idle;
    private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    LoginSessions(Clock clock, Duration idle) {
        this.clock = clock;
        this.idle = idle;
    }

    /** A new session of {@code user}; returns the id for the cookie. */
    String open(String user) {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        String cookie = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        synchronized (sessions) {
            sessions.put(key(cookie), new Session(user, clock.instant()));
        }
        return cookie;
    }

    /** The user of the session with this cookie value, if it is one and not idle too long; touches it. */
    Optional<String> user(String cookie) {
        if (cookie == null || cookie.length() != 43) {
            return Optional.empty();
        }
        String key = key(cookie);
        Instant now = clock.instant();
        synchronized (sessions) {
            Session s = sessions.get(key);
            if (s == null) {
                return Optional.empty();
            }
            if (Duration.between(s.lastUsed(), now).compareTo(idle) > 0) {
                sessions.remove(key);
                return Optional.empty();
            }
            sessions.put(key, new Session(s.user(), now));
            return Optional.of(s.user());
        }
    }

    void close(String cookie) {
        if (cookie != null) {
            synchronized (sessions) {
                sessions.remove(key(cookie));
            }
        }
    }

    int size() {
        synchronized (sessions) {
            return sessions.size();
        }
    }

    private static String key(String cookie) {
        return HexFormat.of().formatHex(ApiTokens.sha256(cookie));
    }
}
