package carbine.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import carbine.api.Carbine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Web Console's only way in: HTTP Basic with user {@value #USER} and Carbine's admin password.
 *
 * <p>The runtime sets {@code felix.webconsole.security.providers=carbine}, so the console's built-in
 * {@code admin}/{@code admin} provider refuses everyone and the console waits for this provider. The password is
 * {@code CARBINE_ADMIN_PASSWORD} if set; else the one stored (hashed) in {@code <data>/console-admin.pwd}; else a
 * generated one, printed once on the console at first start.
 */
@Component(property = {SecurityProvider.PROPERTY_ID + "=carbine", "service.ranking:Integer=1000"})
public class ConsoleSecurity implements SecurityProvider {
    static final String USER = "admin";
    static final String ENVIRONMENT_VARIABLE = "CARBINE_ADMIN_PASSWORD";
    static final String FILE_NAME = "console-admin.pwd";

    private final AdminPassword password;
    /** The latest Authorization header that verified: PBKDF2 is slow on purpose, the console sends one per request. */
    private volatile byte[] verifiedHeader = new byte[0];

    @Activate
    public ConsoleSecurity(BundleContext context, @Reference(service = LoggerFactory.class) Logger logger)
            throws IOException {
        Path file = Carbine.dataDirectory(context).resolve(FILE_NAME);
        this.password = choosePassword(System.getenv(ENVIRONMENT_VARIABLE), file, logger);
    }

    ConsoleSecurity(AdminPassword password) {
        this.password = password;
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
            logger.info("Web Console: user '{}', password from {}", USER, ENVIRONMENT_VARIABLE);
            return given;
        }
        Optional<AdminPassword> stored = AdminPassword.read(file);
        if (stored.isPresent()) {
            logger.info("Web Console: user '{}', password as set before (hash in {}); set {} to change it", USER, file,
                    ENVIRONMENT_VARIABLE);
            return stored.get();
        }
        String generated = AdminPassword.generate();
        AdminPassword created = AdminPassword.of(generated);
        created.write(file);
        // on the console only, never into carbine.log: it is shown this one time
        System.out.println("*** Carbine Web Console: user '" + USER + "', generated password: " + generated
                + "   (shown only now; its hash is in " + file + "; set " + ENVIRONMENT_VARIABLE + " to choose one)");
        logger.warn("Web Console: a password was generated and printed on the console once (hash in {})", file);
        return created;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        String header = request.getHeader("Authorization");
        if (header != null && accepts(header)) {
            return USER;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"Carbine\", charset=\"UTF-8\"");
        try {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        } catch (IOException | IllegalStateException clientGone) {
            // nothing more can be told to a client that went away
        }
        return null;
    }

    boolean accepts(String authorizationHeader) {
        byte[] headerBytes = authorizationHeader.getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(headerBytes, verifiedHeader)) {
            return true;
        }
        if (!authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorizationHeader.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals(USER) || !password.matches(decoded.substring(colon + 1))) {
            return false;
        }
        verifiedHeader = headerBytes;
        return true;
    }

    @Override
    public boolean authorize(Object user, String role) {
        return USER.equals(user);
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        verifiedHeader = new byte[0]; // the next request must present the password again
    }
}
