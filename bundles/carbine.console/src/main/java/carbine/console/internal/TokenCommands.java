package carbine.console.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Gogo commands for the admin at the console: API tokens for scripts.
 * <ul>
 * <li>{@code carbine:token-create <name> [days]} prints a new token, this one time;</li>
 * <li>{@code carbine:token-list}: name, created, expires, last used (never the token);</li>
 * <li>{@code carbine:token-revoke <name>}.</li>
 * </ul>
 * A command name with a '-' is no Java method name: Gogo then calls {@link #_main} with the command's name first.
 */
@Component(service = TokenCommands.class, property = {"osgi.command.scope=carbine",
        "osgi.command.function=token-create", "osgi.command.function=token-list",
        "osgi.command.function=token-revoke"})
public class TokenCommands {
    static final String USAGE = "usage: token-create <name> [days] | token-list | token-revoke <name>";

    private final ApiTokens tokens;
    private final Logger logger;

    @Activate
    public TokenCommands(@Reference AdminAccount account, @Reference(service = LoggerFactory.class) Logger logger) {
        this(account.tokens(), logger);
    }

    TokenCommands(ApiTokens tokens, Logger logger) {
        this.tokens = tokens;
        this.logger = logger;
    }

    /** Gogo's entry for the three functions: {@code argv[0]} is the command's name, then its arguments. */
    public String _main(String... argv) {
        String command = argv.length == 0 ? "" : argv[0];
        int n = argv.length - 1;
        return switch (command) {
            case "token-create" -> n == 1 ? create(argv[1], (Integer) null)
                    : n == 2 ? create(argv[1], argv[2]) : "usage: token-create <name> [days]";
            case "token-list" -> n == 0 ? list() : "usage: token-list";
            case "token-revoke" -> n == 1 ? revoke(argv[1]) : "usage: token-revoke <name>";
            default -> USAGE;
        };
    }

    private String create(String name, String days) {
        try {
            return create(name, Integer.valueOf(days));
        } catch (NumberFormatException e) {
            return "days must be a whole number; usage: token-create <name> [days]";
        }
    }

    private String create(String name, Integer days) {
        try {
            String token = tokens.create(name, days);
            ApiTokens.Token created = tokens.list().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
            logger.info("API token '{}' created (expires {})", name, expires(created));
            // returned to the console only, never logged: it is shown this one time
            return "API token '" + name + "' (acts as the admin; expires " + expires(created) + "):\n" + token
                    + "\nShown only now; Carbine keeps its SHA-256 hash in " + tokens.file()
                    + ". Use it as: curl -H 'Authorization: Bearer " + ApiTokens.PREFIX + "...' ...";
        } catch (IllegalArgumentException e) {
            return "not created: " + e.getMessage();
        } catch (IOException e) {
            logger.error("API token '{}' not created: {}", name, e.getMessage());
            return "not created: " + e.getMessage();
        }
    }

    private String revoke(String name) {
        try {
            if (!tokens.revoke(name)) {
                return "no token named '" + AdminAccount.printable(name) + "'";
            }
            logger.info("API token '{}' revoked", name);
            return "revoked '" + name + "': it no longer opens anything";
        } catch (IOException e) {
            logger.error("API token '{}' not revoked: {}", name, e.getMessage());
            return "not revoked: " + e.getMessage();
        }
    }

    private String list() {
        if (tokens.list().isEmpty()) {
            return "no API tokens";
        }
        StringBuilder out = new StringBuilder(String.format("%-24s %-20s %-20s %-20s%n", "NAME", "CREATED", "EXPIRES",
                "LAST USED"));
        Instant now = Instant.now();
        for (ApiTokens.Token t : tokens.list()) {
            out.append(String.format("%-24s %-20s %-20s %-20s%n", t.name(), time(t.created()),
                    t.expiredAt(now) ? time(t.expires()) + " (expired)" : expires(t), time(t.lastUsed())));
        }
        return out.toString().stripTrailing();
    }

    private static String expires(ApiTokens.Token t) {
        return t.expires() == null ? "never" : time(t.expires());
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
