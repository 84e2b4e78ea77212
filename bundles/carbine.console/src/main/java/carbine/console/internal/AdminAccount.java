package carbine.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import carbine.api.Carbine;

/**
 * Who may log in, and as what {@link Role}: user {@value #USER} with the admin password, the {@link Users} an
 * admin added at the shell, and the {@link ApiTokens} of scripts. Checked from an HTTP Basic or Bearer
 * {@code Authorization} header by the Web Console ({@link ConsoleSecurity}) and by the {@link SiteGuard} for every
 * page and API, and from the dashboard's login form. Failed tries are slowed down per client and user
 * ({@link LoginThrottle}) and logged.
 *
 * <p>The password is {@code CARBINE_ADMIN_PASSWORD} if set; else the one stored (hashed) in
 * {@code <data>/console-admin.pwd}; else a generated one, printed once on the console at first start.
 */
@Component(service = AdminAccount.class)
public class AdminAccount {
    static final String USER = "admin";
    static final String ENVIRONMENT_VARIABLE = "CARBINE_ADMIN_PASSWORD";
    static final String FILE_NAME = "console-admin.pwd";

    /** The result of checking one request's credentials. */
    sealed interface Verdict permits Accepted, Refused, Throttled {
    }

    record Accepted(String user, Role role) implements Verdict {
    }

    /** No or wrong credentials: ask again. */
    record Refused() implements Verdict {
    }

    /** Too many failures from this client for this user: refused unchecked for {@code retryAfter}. */
    record Throttled(Duration retryAfter) implements Verdict {
    }

    /** The throttle's user for API token tries: per client, whichever token was tried. */
    static final String TOKEN_TRIES = "token:";

    private final AdminPassword password;
    private final ApiTokens tokens;
    private final LoginThrottle throttle;
    private final Users users;
    private final Logger logger;
    /**
     * Basic headers that verified lately, by their SHA-256: PBKDF2 is slow on purpose, and browsers send the header
     * with every request. Emptied whenever a user or password changes.
     */
    private final Map<String, Accepted> verifiedHeaders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Accepted> eldest) {
            return size() > 64;
        }
    };

    @Activate
    public AdminAccount(BundleContext context, @Reference(service = LoggerFactory.class) Logger logger)
            throws IOException {
        this(choosePassword(System.getenv(ENVIRONMENT_VARIABLE), Carbine.dataDirectory(context).resolve(FILE_NAME),
                logger), loadTokens(Carbine.dataDirectory(context).resolve(ApiTokens.FILE_NAME), logger),
                loadUsers(Carbine.dataDirectory(context).resolve(Users.FILE_NAME), logger), Clock.systemUTC(), logger);
    }

    AdminAccount(AdminPassword password, ApiTokens tokens, Clock clock, Logger logger) {
        this(password, tokens, null, clock, logger);
    }

    AdminAccount(AdminPassword password, ApiTokens tokens, Users users, Clock clock, Logger logger) {
        this.password = password;
        this.tokens = tokens;
        this.users = users;
        this.throttle = new LoginThrottle(clock);
        this.logger = logger;
    }

    private static ApiTokens loadTokens(Path file, Logger logger) throws IOException {
        try {
            ApiTokens tokens = new ApiTokens(file, Clock.systemUTC());
            logger.info("API tokens: {} in {}", tokens.list().size(), file);
            return tokens;
        } catch (IOException e) {
            logger.error("API tokens not loaded, so no login works until this is fixed: {}", e.getMessage());
            throw e;
        }
    }

    /** The users file; null when it is malformed: then only admin (and tokens) log in until it is fixed. */
    private static Users loadUsers(Path file, Logger logger) {
        try {
            Users users = new Users(file);
            logger.info("Users besides admin: {} in {}", users.list().size(), file);
            return users;
        } catch (IOException e) {
            logger.error("Users not loaded, so only admin logs in until this is fixed: {}", e.getMessage());
            return null;
        }
    }

    ApiTokens tokens() {
        return tokens;
    }

    /** The users besides admin; null in unit tests that have none. */
    Users users() {
        return users;
    }

    /**
     * The role a user accepted by {@link #check} has <em>now</em> ({@value #USER}, {@code token:<name>} or a user's
     * name): empty once the user or token is gone, so a removal ends every session of it at once.
     */
    Optional<Role> role(Object user) {
        if (!(user instanceof String name)) {
            return Optional.empty();
        }
        if (name.equals(USER)) {
            return Optional.of(Role.ADMIN);
        }
        if (name.startsWith(TOKEN_TRIES)) {
            String tokenName = name.substring(TOKEN_TRIES.length());
            return tokens.list().stream().filter(t -> t.name().equals(tokenName)).findFirst().map(ApiTokens.Token::role);
        }
        return users == null ? Optional.empty() : users.role(name);
    }

    static AdminPassword choosePassword(String fromEnvironment, Path file, Logger logger) throws IOException {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            AdminPassword given;
            try {
                given = AdminPassword.of(fromEnvironment);
            } catch (IllegalArgumentException e) {
                logger.error("{} is not usable: {}; the Web Console stays locked", ENVIRONMENT_VARIABLE, e.getMessage());
                throw e;
            }
            given.write(file);
            logger.info("Admin account: user '{}', password from {}", USER, ENVIRONMENT_VARIABLE);
            return given;
        }
        Optional<AdminPassword> stored = AdminPassword.read(file);
        if (stored.isPresent()) {
            logger.info("Admin account: user '{}', password as set before (hash in {}); set {} to change it", USER,
                    file, ENVIRONMENT_VARIABLE);
            return stored.get();
        }
        String generated = AdminPassword.generate();
        AdminPassword created = AdminPassword.of(generated);
        created.write(file);
        // on the console only, never into carbine.log: it is shown this one time
        System.out.println("*** Carbine Web Console: user '" + USER + "', generated password: " + generated
                + "   (shown only now; its hash is in " + file + "; set " + ENVIRONMENT_VARIABLE + " to choose one)");
        logger.warn("Admin account: a password was generated and printed on the console once (hash in {})", file);
        return created;
    }

    /**
     * Checks an {@code Authorization} header sent by {@code client} (its address). Never logs the password; logs
     * each lock-out of a client with the user name it tried.
     */
    Verdict check(String authorizationHeader, String client) {
        if (authorizationHeader == null) {
            return new Refused();
        }
        if (authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return checkToken(authorizationHeader.substring(7).trim(), client);
        }
        String key = HexFormat.of().formatHex(ApiTokens.sha256(authorizationHeader));
        Accepted cached;
        synchronized (verifiedHeaders) {
            cached = verifiedHeaders.get(key);
        }
        if (cached != null) {
            throttle.succeeded(client, cached.user());
            return cached;
        }
        Optional<String[]> basic = basic(authorizationHeader);
        if (basic.isEmpty()) {
            return new Refused();
        }
        Verdict verdict = checkPassword(basic.get()[0], basic.get()[1], client);
        if (verdict instanceof Accepted accepted) {
            synchronized (verifiedHeaders) {
                verifiedHeaders.put(key, accepted);
            }
        }
        return verdict;
    }

    /** Checks a user name and password (a Basic header's, or the login form's), throttled per client and user. */
    Verdict checkPassword(String user, String candidate, String client) {
        Duration wait = throttle.waitFor(client, user);
        if (!wait.isZero()) {
            return new Throttled(wait);
        }
        Optional<Role> role = user.equals(USER) ? password.matches(candidate) ? Optional.of(Role.ADMIN) : Optional.empty()
                : users == null ? Optional.empty() : users.verify(user, candidate);
        if (role.isPresent()) {
            throttle.succeeded(client, user);
            return new Accepted(user, role.get());
        }
        LoginThrottle.Failure failure = throttle.failed(client, user);
        if (failure.locks()) {
            logger.warn("{} failed logins for user '{}' from {}: its next try is checked from {}", failure.failures(),
                    printable(user), client, failure.lockedUntil());
        }
        return new Refused();
    }

    /** An API token: tries are throttled per client (whichever token is tried); never logs the token. */
    private Verdict checkToken(String token, String client) {
        Duration wait = throttle.waitFor(client, TOKEN_TRIES);
        if (!wait.isZero()) {
            return new Throttled(wait);
        }
        Optional<ApiTokens.Token> found = tokens.verify(token);
        if (found.isPresent()) {
            throttle.succeeded(client, TOKEN_TRIES);
            return new Accepted(TOKEN_TRIES + found.get().name(), found.get().role());
        }
        LoginThrottle.Failure failure = throttle.failed(client, TOKEN_TRIES);
        if (failure.locks()) {
            logger.warn("{} wrong, revoked or expired API tokens from {}: its next try is checked from {}",
                    failure.failures(), client, failure.lockedUntil());
        }
        return new Refused();
    }

    /** Forget the cached headers: the next requests must present their passwords again (a user or role changed). */
    void forgetVerified() {
        synchronized (verifiedHeaders) {
            verifiedHeaders.clear();
        }
    }

    /** {user, password} of a Basic header, empty if it is not one. */
    static Optional<String[]> basic(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty()
                : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }

    /** A user name as typed by anyone, safe for one log line. */
    static String printable(String user) {
        String s = user.length() > 64 ? user.substring(0, 64) + "..." : user;
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
