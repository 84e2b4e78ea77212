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
 * <li>{@code carbine:token-create <name> [days] [role]} prints a new token (role admin unless given), this one
 * time;</li>
 * <li>{@code carbine:token-list}: name, created, expires, last used (never the token);</li>
 * <li>{@code carbine:token-revoke <name>}.</li>
 * </ul>
 * A command name with a '-' is no Java method name: Gogo then calls {@link #_main} with the command's name first.
 */
@Component(service = TokenCommands.class, property = {"osgi.command.scope=carbine",
        "osgi.command.function=token-create", "osgi.command.function=token-list",
        "osgi.command.function=token-revoke"})
public class TokenCommands {
    static final String CREATE_USAGE = "usage: token-create <name> [days] [viewer|operator|admin]";
    static final String USAGE = CREATE_USAGE + " | token-list | token-revoke <name>";

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
            case "token-create" -> n >= 1 && n <= 3 ? create(argv[1], java.util.Arrays.copyOfRange(argv, 2, argv.length))
                    : CREATE_USAGE;
            case "token-list" -> n == 0 ? list() : "usage: token-list";
            case "token-revoke" -> n == 1 ? revoke(argv[1]) : "usage: token-revoke <name>";
            default -> USAGE;
        };
    }

    /** The optional days and role, in either order: {@code 90}, {@code viewer}, {@code 90 viewer}, ... */
    private String create(String name, String[] options) {
        Integer days = null;
        Role role = null;
        for (String option : options) {
            if (option.chars().allMatch(Character::isDigit) && days == null) {
                try {
                    days = Integer.valueOf(option);
                } catch (NumberFormatException tooBig) {
                    return "days must be a whole number; " + CREATE_USAGE;
                }
            } else if (Role.parse(option).isPresent() && role == null) {
                role = Role.parse(option).get();
            } else {
                return "days must be a whole number, and the role viewer, operator or admin: '"
                        + AdminAccount.printable(option) + "' is neither; " + CREATE_USAGE;
            }
        }
        return create(name, days, role == null ? Role.ADMIN : role);
    }

    private String create(String name, Integer days, Role role) {
        try {
            String token = tokens.create(name, days, role);
            ApiTokens.Token created = tokens.list().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
            logger.info("API token '{}' created ({}, expires {})", name, role.id(), expires(created));
            // returned to the console only, never logged: it is shown this one time
            return "API token '" + name + "' (role " + role.id() + "; expires " + expires(created) + "):\n" + token
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
        StringBuilder out = new StringBuilder(String.format("%-24s %-8s %-20s %-20s %-20s%n", "NAME", "ROLE", "CREATED",
                "EXPIRES", "LAST USED"));
        Instant now = Instant.now();
        for (ApiTokens.Token t : tokens.list()) {
            out.append(String.format("%-24s %-8s %-20s %-20s %-20s%n", t.name(), t.role().id(), time(t.created()),
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
