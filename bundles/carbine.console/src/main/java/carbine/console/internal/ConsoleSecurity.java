package carbine.console.internal;

import java.io.IOException;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Web Console's only way in: HTTP Basic with an account of the admin role ({@link AdminAccount}: {@code admin} or a
 * user made an admin), or an admin's API token ({@code Authorization: Bearer cbt_...}). Viewers and operators are
 * refused.
 *
 * <p>The runtime sets {@code felix.webconsole.security.providers=carbine}, so the console's built-in
 * {@code admin}/{@code admin} provider refuses everyone and the console waits for this provider.
 */
@Component(property = {SecurityProvider.PROPERTY_ID + "=carbine", "service.ranking:Integer=1000"})
public class ConsoleSecurity implements SecurityProvider {
    private final AdminAccount account;

    @Activate
    public ConsoleSecurity(@Reference AdminAccount account) {
        this.account = account;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        AdminAccount.Verdict verdict = account.check(request.getHeader("Authorization"), request.getRemoteAddr());
        if (verdict instanceof AdminAccount.Accepted accepted) {
            if (accepted.role().includes(Role.ADMIN)) {
                return accepted.user();
            }
            // the console itself asks authorize() of nothing but a few plug-ins: refuse viewers and operators here
            try {
                response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                response.setContentType("text/plain;charset=UTF-8");
                response.getWriter().println("The Web Console is for admins; '" + accepted.user() + "' is "
                        + accepted.role().id() + ".");
            } catch (IOException | IllegalStateException clientGone) {
                // nothing more to tell
            }
            return null;
        }
        SiteGuard.refuse(verdict, response);
        return null;
    }

    @Override
    public boolean authorize(Object user, String role) {
        // the console is for admins only: viewers and operators who log in get 403
        return account.role(user).map(r -> r.includes(Role.ADMIN)).orElse(false);
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        account.forgetVerified();
    }
}
