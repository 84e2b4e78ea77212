package carbine.console.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down password guessing, per client address and user name. The first {@value #FREE_FAILURES} failures
 * cost nothing; from then on each failure locks that client and user out for 1 s, 2 s, 4 s, ... up to
 * {@value #MAX_LOCK_SECONDS} s, during which tries are refused without even checking the password (so a flood
 * costs neither CPU for PBKDF2 nor a chance to guess). A success clears the record.
 *
 * <p>Keyed by client <em>and</em> user, so that someone guessing from one address does not lock the admin out
 * from another. At most {@value #MAX_KEYS} records are kept (the oldest go first), so a flood of made-up user
 * names cannot exhaust memory. Thread-safe.
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final long MAX_LOCK_SECONDS = 60;
    static final int MAX_KEYS = 10_000;

    /** What a failure did: the record's failure count and, if it locks, until when. */
    record Failure(int failures, Instant lockedUntil) {
        boolean locks() {
            return lockedUntil != null;
        }
    }

    private static final class Tries {
        int failures;
        Instant lockedUntil = Instant.MIN;
    }

    private final Clock clock;
    private final Map<String, Tries> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Tries> eldest) {
            return size() > MAX_KEYS;
        }
    };

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the client must still wait before a try of this user is checked; zero if it may try now. */
    synchronized Duration waitFor(String client, String user) {
        Tries e = entries.get(key(client, user));
        if (e == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), e.lockedUntil);
        return left.isNegative() ? Duration.ZERO : left;
    }

    synchronized Failure failed(String client, String user) {
        Tries e = entries.computeIfAbsent(key(client, user), k -> new Tries());
        e.failures++;
        if (e.failures < FREE_FAILURES) {
            return new Failure(e.failures, null);
        }
        long seconds = Math.min(MAX_LOCK_SECONDS, 1L << Math.min(30, e.failures - FREE_FAILURES));
        e.lockedUntil = clock.instant().plusSeconds(seconds);
        return new Failure(e.failures, e.lockedUntil);
    }

    synchronized void succeeded(String client, String user) {
        entries.remove(key(client, user));
    }

    private static String key(String client, String user) {
        return client + '\n' + user;
    }
}
