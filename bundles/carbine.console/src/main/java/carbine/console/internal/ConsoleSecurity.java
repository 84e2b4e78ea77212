package carbine.console.internal;

import java.io.IOException;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Web Console's only way in: HTTP Basic with Carbine's admin account ({@link AdminAccount}), or an API
 * token ({@code Authorization: Bearer cbt_...}), which acts as the admin.
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
            return accepted.user();
        }
        SiteGuard.refuse(verdict, response);
        return null;
    }

    @Override
    public boolean authorize(Object user, String role) {
        return AdminAccount.isAdmin(user);
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        account.forgetVerified();
    }
}
