package carbine.console.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.Preprocessor;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Runs before every request to Carbine's web server (a Servlet Whiteboard preprocessor: the dashboard, the API and
 * the Web Console alike), in this order:
 * <ol>
 * <li><b>Security headers</b> on every answer: no framing, no content sniffing, a content security policy that
 * Vaadin and the Web Console tolerate, no referrer to other sites.</li>
 * <li><b>Host</b>: a {@code Host} header that is neither an IP address, {@code localhost}, this machine's name nor
 * an allowed name is refused with 421 (DNS rebinding would otherwise reach even a loopback binding).</li>
 * <li><b>HTTPS</b>: with HTTPS on ({@link Https}), a plain-HTTP request from another machine is sent to HTTPS
 * ({@code GET}, {@code HEAD}: 302) or refused (403), before any password crosses the network in clear; this
 * machine's own scripts keep plain HTTP.</li>
 * <li><b>Cross-site</b>: a request that can change state ({@code POST}, {@code PUT}, {@code PATCH},
 * {@code DELETE}) which a browser marks as coming from another site ({@code Sec-Fetch-Site}, {@code Origin} or
 * {@code Referer} not this host) is refused with 403. Scripts (curl, the tests) send none of these and pass.</li>
 * <li><b>Who</b>: the dashboard's login session (cookie {@value LoginSessions#COOKIE}, made by the login page at
 * {@value #LOGIN_PATH}), or HTTP Basic with a user's password, or {@code Authorization: Bearer} with an API token
 * ({@link ApiTokens}, the user is then {@code token:<name>}); failed tries slowed down per client ({@code 429} with
 * {@code Retry-After}). When a login is required (see {@link SecurityConfig#login()}) and none is given, a browser
 * opening a page is sent to the login page, anything else gets 401 (unless anonymous viewers are allowed).</li>
 * <li><b>Roles</b>: the request goes on with its user ({@code getRemoteUser()}) and {@link Role}
 * ({@code isUserInRole("operator")}), which the dashboard and the API check before any action. Without a required
 * login, a visitor without credentials acts as an operator (loopback: as before roles existed).</li>
 * </ol>
 * Refusals are logged, at most one line per kind and minute (with how many were refused meanwhile).
 */
@Component(service = {}, immediate = true, configurationPid = SiteGuard.PID)
@Designate(ocd = SecurityConfig.class)
public class SiteGuard implements Preprocessor {
    static final String PID = "carbine.http.security";
    /** Service property saying whether a login is required ({@code required}) or not ({@code open}). */
    static final String LOGIN_PROPERTY = "carbine.http.login";
    static final String HTTP_HOST_PROPERTY = "org.apache.felix.http.host";
    static final String LOGIN_PATH = "/login";
    static final String LOGOUT_PATH = "/logout";
    static final String CONSOLE_PATH = "/system/console";

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; "
            // Vaadin Flow runs server-sent JavaScript through Function(); the Web Console has inline scripts
            + "script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final AdminAccount account;
    private final Logger logger;
    private final boolean loginRequired;
    /** Who a request without credentials is: null (nobody: log in), a viewer, or (login not required) an operator. */
    private final Role anonymousRole;
    private final LoginSessions sessions;
    private final Throttled loginLog = new Throttled();
    private final boolean anyHost;
    private final Set<String> allowedHosts;
    private final Throttled hostLog = new Throttled();
    private final Throttled crossSiteLog = new Throttled();
    private final Throttled pathLog = new Throttled();
    private ServiceRegistration<Preprocessor> registration;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Https https;

    @Activate
    public SiteGuard(@Reference AdminAccount account, @Reference(service = LoggerFactory.class) Logger logger,
            BundleContext context, SecurityConfig config) {
        this(account, logger, config.login(), context.getProperty(HTTP_HOST_PROPERTY), config.allowedHosts(),
                machineNames(), config.anonymous(), Duration.ofMinutes(Math.max(1, config.sessionIdleMinutes())));
        // registered by hand, to tell the ready line whether a login is required
        registration = context.registerService(Preprocessor.class, this,
                FrameworkUtil.asDictionary(Map.of(LOGIN_PROPERTY, loginRequired ? "required" : "open")));
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
    }

    SiteGuard(AdminAccount account, Logger logger, String login, String httpHost, String[] allowed,
            Set<String> machineNames) {
        this(account, logger, login, httpHost, allowed, machineNames, "none", Duration.ofHours(12));
    }

    SiteGuard(AdminAccount account, Logger logger, String login, String httpHost, String[] allowed,
            Set<String> machineNames, String anonymous, Duration sessionIdle) {
        this.account = account;
        this.sessions = new LoginSessions(Clock.systemUTC(), sessionIdle);
        this.logger = logger;
        boolean exposed = !isLoopback(httpHost);
        String mode = login == null ? "auto" : login.trim().toLowerCase(Locale.ROOT);
        this.loginRequired = switch (mode) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> exposed;
            default -> {
                logger.error("{}: login='{}' is not one of auto, always, never; requiring a login", PID, login);
                yield true;
            }
        };
        Set<String> hosts = new HashSet<>(machineNames);
        hosts.add("localhost");
        boolean any = false;
        for (String a : allowed == null ? new String[0] : allowed) {
            String h = a == null ? "" : a.trim().toLowerCase(Locale.ROOT);
            if (h.equals("*")) {
                any = true;
            } else if (!h.isEmpty()) {
                hosts.add(h);
            }
        }
        this.anyHost = any;
        String anon = anonymous == null ? "none" : anonymous.trim().toLowerCase(Locale.ROOT);
        if (!anon.equals("none") && !anon.equals("viewer")) {
            logger.error("{}: anonymous='{}' is not one of none, viewer; using none", PID, anonymous);
            anon = "none";
        }
        this.anonymousRole = !loginRequired ? Role.OPERATOR : anon.equals("viewer") ? Role.VIEWER : null;
        this.allowedHosts = Set.copyOf(hosts);
        if (exposed && !loginRequired) {
            logger.warn("HTTP listens on {} and {} login=never: anyone who reaches the port can acknowledge alerts "
                    + "and see every printer", httpHost == null ? "all interfaces" : httpHost, PID);
        } else {
            logger.info("HTTP security: login {}; cross-site requests refused; host names allowed: IP addresses, {}",
                    !loginRequired ? "not required (loopback only)" : anonymousRole == Role.VIEWER
                            ? "required for every action (anonymous visitors may view)" : "required",
                    anyHost ? "any name" : String.join(", ", allowedHosts.stream().sorted().toList()));
        }
    }

    boolean loginRequired() {
        return loginRequired;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);

        String host = request.getHeader("Host");
        if (!hostAllowed(host)) {
            hostLog.log(logger, "Refused a request for host '" + AdminAccount.printable(host) + "' from "
                    + request.getRemoteAddr() + " (421); if that is a name of this Carbine, add it to allowedHosts of "
                    + PID);
            refusal(request, response, 421, "Carbine does not answer to this host name. Use its address, or add the "
                    + "name to allowedHosts in " + PID + ".");
            return;
        }
        String odd = oddPath(request.getRequestURI());
        if (odd != null) {
            pathLog.log(logger, "Refused a request for a path with " + odd + " from " + request.getRemoteAddr()
                    + " (400)");
            refusal(request, response, 400, "Refused: the path has " + odd + "; Carbine serves no such path.");
            return;
        }
        Https secure = https;
        OptionalInt httpsPort = secure == null ? OptionalInt.empty() : secure.port();
        if (httpsPort.isPresent() && !request.isSecure() && !isLoopback(request.getRemoteAddr())) {
            String target = "https://" + hostName(host, request.getServerName()) + ":" + httpsPort.getAsInt()
                    + request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
                response.setStatus(302);
                response.setHeader("Location", target);
            } else {
                refusal(request, response, 403, "Carbine takes this over HTTPS only: " + target);
            }
            return;
        }
        if (STATE_CHANGING.contains(request.getMethod()) && crossSite(request.getHeader("Sec-Fetch-Site"),
                request.getHeader("Origin"), request.getHeader("Referer"), host, request.isSecure())) {
            crossSiteLog.log(logger, "Refused a cross-site " + request.getMethod() + " " + request.getRequestURI()
                    + " from " + request.getRemoteAddr() + " (origin '"
                    + AdminAccount.printable(String.valueOf(request.getHeader("Origin"))) + "') with 403");
            refusal(request, response, 403, "Refused: this request came from another site.");
            return;
        }
        String path = request.getRequestURI();
        if (LOGIN_PATH.equals(path)) {
            login(request, response);
            return;
        }
        if (LOGOUT_PATH.equals(path)) {
            logout(request, response);
            return;
        }
        if (path.startsWith(CONSOLE_PATH)) {
            // the Web Console checks the same accounts itself (ConsoleSecurity: admins only); checking here too
            // would count each wrong password twice
            chain.doFilter(request, response);
            return;
        }
        AdminAccount.Accepted who = null;
        String sessionUser = sessions.user(cookie(request)).orElse(null);
        if (sessionUser != null) {
            Optional<Role> role = account.role(sessionUser);
            if (role.isPresent()) {
                who = new AdminAccount.Accepted(sessionUser, role.get());
            }
        } else if (request.getHeader("Authorization") != null) {
            AdminAccount.Verdict verdict = account.check(request.getHeader("Authorization"), request.getRemoteAddr());
            if (verdict instanceof AdminAccount.Accepted accepted) {
                who = accepted;
            } else {
                // credentials that were given and not accepted (a wrong password, a revoked or expired token) are
                // refused even where no login is required: a script must learn that its token expired, not go on
                // as an anonymous visitor
                refuse(verdict, request, response);
                return;
            }
        }
        if (who != null) {
            chain.doFilter(new RoleRequest(request, who.user(), who.role(),
                    sessionUser != null ? HttpServletRequest.FORM_AUTH
                            : who.user().startsWith(AdminAccount.TOKEN_TRIES) ? "Bearer"
                                    : HttpServletRequest.BASIC_AUTH), response);
        } else if (anonymousRole != null) {
            chain.doFilter(new RoleRequest(request, null, anonymousRole, null), response);
        } else if (opensAPage(request)) {
            String next = request.getQueryString() == null ? path : path + "?" + request.getQueryString();
            response.setStatus(303);
            response.setHeader("Location", LOGIN_PATH + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        } else {
            refuse(new AdminAccount.Refused(), request, response);
        }
    }

    /** A browser opening a dashboard page (not the Web Console, which keeps Basic, nor a script): the login page. */
    static boolean opensAPage(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        String path = request.getRequestURI();
        return ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) && accept != null
                && accept.contains("text/html") && !path.startsWith(CONSOLE_PATH) && !path.startsWith("/api/")
                && !path.equals("/metrics");
    }

    private static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (LoginSessions.COOKIE.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    /** The login page (GET) and its form (POST: same-site only, as every POST; throttled like Basic). */
    private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String next = safeNext(request.getParameter("next"));
        if (!"POST".equals(request.getMethod())) {
            LoginPage.write(response, 200, next, null);
            return;
        }
        String user = limit(request.getParameter("user"), 64).trim();
        String password = limit(request.getParameter("password"), 1024);
        AdminAccount.Verdict verdict = user.isEmpty() ? new AdminAccount.Refused()
                : account.checkPassword(user, password, request.getRemoteAddr());
        if (verdict instanceof AdminAccount.Accepted accepted) {
            String id = sessions.open(accepted.user());
            response.addHeader("Set-Cookie", LoginSessions.COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Lax"
                    + (request.isSecure() ? "; Secure" : ""));
            logger.info("User '{}' ({}) logged in to the dashboard from {}", accepted.user(), accepted.role().id(),
                    request.getRemoteAddr());
            response.setStatus(303);
            response.setHeader("Location", next);
        } else if (verdict instanceof AdminAccount.Throttled t) {
            long seconds = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
            LoginPage.write(response, 429, next, "Too many failed logins from this address: try again in " + seconds
                    + " s.");
        } else {
            loginLog.log(logger, "A failed dashboard login from " + request.getRemoteAddr());
            LoginPage.write(response, 401, next, "Wrong user name or password.");
        }
    }

    private void logout(HttpServletRequest request, HttpServletResponse response) {
        sessions.close(cookie(request));
        response.addHeader("Set-Cookie", LoginSessions.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        response.setStatus(303);
        response.setHeader("Location", LOGIN_PATH);
    }

    /** Where the login form may send the browser back to: a path of this site only (no open redirect). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || next.startsWith(LOGIN_PATH)
                || next.length() > 2000) {
            return "/";
        }
        return next;
    }

    private static String limit(String value, int max) {
        return value == null ? "" : value.length() > max ? value.substring(0, max) : value;
    }

    /** A request as seen after the guard: its user and role, as servlet roles. */
    static final class RoleRequest extends HttpServletRequestWrapper {
        private final String user;
        private final Role role;
        private final String authType;

        RoleRequest(HttpServletRequest request, String user, Role role, String authType) {
            super(request);
            this.user = user;
            this.role = role;
            this.authType = authType;
        }

        @Override
        public String getRemoteUser() {
            return user;
        }

        @Override
        public Principal getUserPrincipal() {
            return user == null ? null : () -> user;
        }

        @Override
        public boolean isUserInRole(String name) {
            return role.includes(name);
        }

        @Override
        public String getAuthType() {
            return authType;
        }
    }

    /** Answers a request whose credentials were not accepted: 401 asking for Basic, or 429 while throttled. */
    static void refuse(AdminAccount.Verdict verdict, HttpServletResponse response) {
        refuse(verdict, null, response);
    }

    /** As {@link #refuse(AdminAccount.Verdict, HttpServletResponse)}; in JSON for a request under {@code /api/}. */
    static void refuse(AdminAccount.Verdict verdict, HttpServletRequest request, HttpServletResponse response) {
        try {
            if (verdict instanceof AdminAccount.Throttled t) {
                long seconds = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
                response.setHeader("Retry-After", Long.toString(seconds));
                refusal(request, response, 429, "Too many failed logins from this address: try again in " + seconds
                        + " s.");
            } else {
                response.setHeader("WWW-Authenticate", "Basic realm=\"Carbine\", charset=\"UTF-8\"");
                refusal(request, response, 401, request != null && request.getHeader("Authorization") != null
                        ? "The credentials were not accepted (a wrong password, or a token that is wrong, revoked "
                                + "or expired). Log in to Carbine (a browser: " + LOGIN_PATH + ")."
                        : "Log in to Carbine (a browser: " + LOGIN_PATH + ").");
            }
        } catch (IOException | IllegalStateException clientGone) {
            // nothing more can be told to a client that went away
        }
    }

    /**
     * A refusal: {@code {"status":401,"error":"..."}} for the API (a path under {@code /api/}), where scripts read
     * JSON; plain text elsewhere.
     */
    static void refusal(HttpServletRequest request, HttpServletResponse response, int status, String text)
            throws IOException {
        response.setStatus(status);
        String path = request == null ? null : request.getRequestURI();
        if (path != null && path.startsWith("/api/")) {
            response.setContentType("application/json;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.getWriter().write("{\"status\":" + status + ",\"error\":\"" + jsonText(text) + "\"}");
        } else {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().println(text);
        }
    }

    private static String jsonText(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /**
     * What is wrong with a request's path as sent (before any normalisation): a {@code ..} or {@code .} segment
     * (also percent-encoded) or a control character (also {@code %00} ... {@code %1f}); null when nothing is. No
     * browser or honest client sends these (they resolve dot segments themselves); Jetty refuses some of them, and
     * would quietly resolve the others to another page.
     */
    static String oddPath(String rawPath) {
        if (rawPath == null) {
            return null;
        }
        for (String segment : rawPath.split("/", -1)) {
            String decoded = percentDecoded(segment);
            String name = decoded.indexOf(';') < 0 ? decoded : decoded.substring(0, decoded.indexOf(';')); // "..;x"
            if (name.equals("..") || name.equals(".")) {
                return "a '" + name + "' segment";
            }
            if (decoded.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                return "a control character";
            }
        }
        return null;
    }

    /** {@code %2e} → {@code .} and so on; a '%' without two hex digits stays as it is. Not '+' (a path has none). */
    private static String percentDecoded(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        StringBuilder b = new StringBuilder(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length() && Character.digit(segment.charAt(i + 1), 16) >= 0 && Character.digit(segment.charAt(i + 2), 16) >= 0) {
                b.append((char) Integer.parseInt(segment, i + 1, i + 3, 16));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    boolean hostAllowed(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty() || anyHost) {
            return true; // HTTP/1.0 clients send none; browsers always do
        }
        String name = Authority.of(hostHeader.toLowerCase(Locale.ROOT)).name();
        if (name.startsWith("[")) {
            return name.endsWith("]"); // an IPv6 literal: no DNS involved
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return IPV4.matcher(name).matches() || allowedHosts.contains(name);
    }

    /** Whether a browser says this request comes from a page of another site than {@code host}. */
    static boolean crossSite(String fetchSite, String origin, String referer, String host, boolean secure) {
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return true;
        }
        if (origin != null) {
            return !sameHost(origin, host, secure);
        }
        return referer != null && !sameHost(referer, host, secure);
    }

    /** Whether the authority of {@code url} (an Origin or Referer) is {@code host} (a Host header). */
    static boolean sameHost(String url, String host, boolean secure) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                return false; // "null" origins: sandboxed frames, file:, data:
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            Authority h = Authority.of(host.toLowerCase(Locale.ROOT));
            int hostPort = h.port() != null ? Integer.parseInt(h.port()) : secure ? 443 : 80;
            return uri.getHost().toLowerCase(Locale.ROOT).equals(h.name()) && port == hostPort;
        } catch (URISyntaxException | NumberFormatException e) {
            return false;
        }
    }

    /** A {@code Host} header split at its port: the name (an IPv6 literal keeps its brackets), the port or null. */
    record Authority(String name, String port) {
        static Authority of(String hostHeader) {
            String h = hostHeader.trim();
            int colon = h.lastIndexOf(':');
            return colon > h.lastIndexOf(']') ? new Authority(h.substring(0, colon), h.substring(colon + 1))
                    : new Authority(h, null);
        }
    }

    /** The host part of a {@code Host} header (an IPv6 literal keeps its brackets), else the server's name. */
    static String hostName(String hostHeader, String serverName) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return serverName.contains(":") && !serverName.startsWith("[") ? "[" + serverName + "]" : serverName;
        }
        return Authority.of(hostHeader).name();
    }

    /**
     * Whether a host is this machine: the web server's host setting ({@code localhost}, an address) or a client's
     * address ({@code getRemoteAddr()}, a literal: no name lookup). Blank is not: the server's default is all
     * interfaces.
     */
    static boolean isLoopback(String hostOrAddress) {
        if (hostOrAddress == null || hostOrAddress.isBlank()) {
            return false;
        }
        String h = hostOrAddress.trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** This machine's own names, as a person on the LAN would type them. */
    static Set<String> machineNames() {
        Set<String> names = new HashSet<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            for (String n : Arrays.asList(local.getHostName(), local.getCanonicalHostName())) {
                String name = n.toLowerCase(Locale.ROOT);
                if (!IPV4.matcher(name).matches() && !name.contains(":")) {
                    names.add(name);
                    int dot = name.indexOf('.');
                    String shortName = dot < 0 ? name : name.substring(0, dot);
                    names.add(shortName);
                    names.add(shortName + ".local"); // mDNS
                }
            }
        } catch (UnknownHostException e) {
            // then only IP addresses, localhost and the configured names
        }
        return names;
    }

    /** One log line per minute at most, saying how many like it were left out. */
    static final class Throttled {
        private final AtomicLong lastMillis = new AtomicLong(Long.MIN_VALUE / 2);
        private final AtomicLong suppressed = new AtomicLong();

        void log(Logger logger, String line) {
            long now = System.currentTimeMillis();
            long last = lastMillis.get();
            if (now - last >= 60_000 && lastMillis.compareAndSet(last, now)) {
                long more = suppressed.getAndSet(0);
                logger.warn(more == 0 ? line : line + " (and " + more + " more like it in the last minute)");
            } else {
                suppressed.incrementAndGet();
            }
        }
    }
}
