package carbine.console.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * What a person or script may do, each role including the ones before it:
 * <ul>
 * <li>{@code viewer}: sees everything (dashboard, API reads, /metrics);</li>
 * <li>{@code operator}: also acknowledges alerts, marks maintenance done, adds and removes printers;</li>
 * <li>{@code admin}: also the Web Console (plug-ins, configuration) and, at the shell, users and tokens.</li>
 * </ul>
 * Requests carry the role as servlet roles: {@code request.isUserInRole("operator")} is true for operators and
 * admins. That is how the dashboard and the API decide, without depending on this bundle.
 */
enum Role {
    VIEWER, OPERATOR, ADMIN;

    /** The servlet role name: {@code viewer}, {@code operator}, {@code admin}. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role may do what {@code needed} may. */
    boolean includes(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    /** Whether this role includes the servlet role named {@code role}; unknown names are never included. */
    boolean includes(String role) {
        return parse(role).map(this::includes).orElse(false);
    }

    static Optional<Role> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (Role r : values()) {
            if (r.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
