package carbine.console.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Gogo commands for the admin at the console: the people who may log in, and their roles.
 * <ul>
 * <li>{@code carbine:user-add <name> <viewer|operator|admin>} prints a generated password, this one time;</li>
 * <li>{@code carbine:user-list}: name and role (never a password);</li>
 * <li>{@code carbine:user-role <name> <role>}, {@code carbine:user-password <name>} (a new generated password),
 * {@code carbine:user-remove <name>}: each takes effect at the user's next request.</li>
 * </ul>
 * A command name with a '-' is no Java method name: Gogo then calls {@link #_main} with the command's name first.
 */
@Component(service = UserCommands.class, property = {"osgi.command.scope=carbine",
        "osgi.command.function=user-add", "osgi.command.function=user-list", "osgi.command.function=user-role",
        "osgi.command.function=user-password", "osgi.command.function=user-remove"})
public class UserCommands {
    static final String USAGE = "usage: user-add <name> <viewer|operator|admin> | user-list | user-role <name> <role> "
            + "| user-password <name> | user-remove <name>";

    private final AdminAccount account;
    private final Logger logger;

    @Activate
    public UserCommands(@Reference AdminAccount account, @Reference(service = LoggerFactory.class) Logger logger) {
        this.account = account;
        this.logger = logger;
    }

    /** Gogo's entry for the functions: {@code argv[0]} is the command's name, then its arguments. */
    public String _main(String... argv) {
        String command = argv.length == 0 ? "" : argv[0];
        int n = argv.length - 1;
        if (account.users() == null && command.startsWith("user-")) {
            return "users are not available: the users file is malformed (see carbine.log); only admin logs in";
        }
        try {
            return switch (command) {
                case "user-add" -> n == 2 ? add(argv[1], role(argv[2])) : "usage: user-add <name> <viewer|operator|admin>";
                case "user-list" -> n == 0 ? list() : "usage: user-list";
                case "user-role" -> n == 2 ? setRole(argv[1], role(argv[2])) : "usage: user-role <name> <role>";
                case "user-password" -> n == 1 ? password(argv[1]) : "usage: user-password <name>";
                case "user-remove" -> n == 1 ? remove(argv[1]) : "usage: user-remove <name>";
                default -> USAGE;
            };
        } catch (IllegalArgumentException e) {
            return "not done: " + e.getMessage();
        } catch (IOException e) {
            logger.error("{} not done: {}", command, e.getMessage());
            return "not done: " + e.getMessage();
        }
    }

    static Role role(String id) {
        return Role.parse(id).orElseThrow(() -> new IllegalArgumentException(
                "the role is viewer, operator or admin, not '" + AdminAccount.printable(id) + "'"));
    }

    private String add(String name, Role role) throws IOException {
        String password = account.users().add(name, role);
        logger.info("User '{}' added as {}", name, role.id());
        // returned to the console only, never logged: it is shown this one time
        return "User '" + name + "' (" + role.id() + "), password: " + password
                + "\nShown only now; Carbine keeps a PBKDF2 hash in " + account.users().file()
                + ". 'user-password " + name + "' makes a new one.";
    }

    private String setRole(String name, Role role) throws IOException {
        account.users().setRole(name, role);
        account.forgetVerified();
        logger.info("User '{}' is now {}", name, role.id());
        return "'" + name + "' is now " + role.id();
    }

    private String password(String name) throws IOException {
        String password = account.users().resetPassword(name);
        account.forgetVerified();
        logger.info("User '{}' got a new password", name);
        return "New password of '" + name + "': " + password + "\nShown only now; the old one no longer works.";
    }

    private String remove(String name) throws IOException {
        if (!account.users().remove(name)) {
            return "no user '" + AdminAccount.printable(name) + "'";
        }
        account.forgetVerified();
        logger.info("User '{}' removed", name);
        return "removed '" + name + "': their logins and sessions end at their next request";
    }

    private String list() {
        StringBuilder out = new StringBuilder(String.format("%-32s %s%n", "USER", "ROLE"));
        out.append(String.format("%-32s %s%n", AdminAccount.USER, "admin (password from "
                + AdminAccount.ENVIRONMENT_VARIABLE + " or " + AdminAccount.FILE_NAME + ")"));
        for (Users.User u : account.users().list()) {
            out.append(String.format("%-32s %s%n", u.name(), u.role().id()));
        }
        return out.toString().stripTrailing();
    }
}
