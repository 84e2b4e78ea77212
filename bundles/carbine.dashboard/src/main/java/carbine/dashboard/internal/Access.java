package carbine.dashboard.internal;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.server.VaadinRequest;

import carbine.api.Carbine;

/**
 * Who is looking, from the request the HTTP guard (carbine.console) let through: its user and servlet roles. Every
 * action that changes state asks {@link #mayOperate()} first; viewers are told why nothing happened.
 */
final class Access {
    private Access() {
    }

    /** Whether the current request may act (acknowledge, add or remove printers): an operator or an admin. */
    static boolean mayOperate() {
        VaadinRequest request = VaadinRequest.getCurrent();
        return request != null && request.isUserInRole(Carbine.ROLE_OPERATOR);
    }

    /** {@link #mayOperate()}, and if not, a notification saying what is needed. */
    static boolean checkOperate(String action) {
        if (mayOperate()) {
            return true;
        }
        Notification.show(action + " needs an operator's or admin's login; "
                + (user() == null ? "log in at /login." : "'" + user() + "' may only view."));
        return false;
    }

    /** The logged-in user, null for an anonymous visitor. */
    static String user() {
        VaadinRequest request = VaadinRequest.getCurrent();
        return request == null ? null : request.getRemoteUser();
    }
}
