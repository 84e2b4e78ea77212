package carbine.dashboard.internal;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Header;
import com.vaadin.flow.component.html.Nav;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.RouterLayout;
import com.vaadin.flow.router.RouterLink;

/** Header and navigation around every view; sets the refresh rhythm of the page. */
public class MainLayout extends Div implements RouterLayout {
    private static final long serialVersionUID = 1L;
    /** The page asks the server for news this often (polling survives bundle updates without leaking; push did not). */
    static final int POLL_MILLIS = 2000;

    private final Div content = new Div();

    public MainLayout() {
        addClassName("carbine");
        Span title = new Span("Carbine");
        title.addClassName("brand");
        Nav nav = new Nav(new RouterLink("Overview", OverviewView.class), new RouterLink("Printers", PrintersView.class), new RouterLink("Maintenance", MaintenanceView.class),
                new RouterLink("Notifications", NotificationsView.class),
                new RouterLink("Platform", PlatformView.class),
                new Anchor("/system/console", "Web Console"));
        // which dashboard version serves this tab: after a bundle update the tab shows the new one by itself
        Span version = new Span("dashboard " + org.osgi.framework.FrameworkUtil.getBundle(MainLayout.class).getVersion());
        version.addClassName("dashboard-version");
        // who is looking, and the way out (the login page is the HTTP guard's, outside Vaadin)
        Span user = new Span(Access.user() == null ? "" : Access.user());
        user.addClassName("user");
        Anchor logout = new Anchor("/logout", "Log out");
        logout.getElement().setAttribute("router-ignore", true);
        logout.addClassName("logout");
        logout.setVisible(Access.user() != null);
        Header header = new Header(title, nav, user, logout, version);
        header.addClassName("top");
        content.addClassName("content");
        add(header, content);
    }

    @Override
    public void showRouterLayoutContent(com.vaadin.flow.component.HasElement view) {
        content.removeAll();
        if (view instanceof Component c) content.add(c);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        event.getUI().setPollInterval(POLL_MILLIS);
        // during a bundle update the servlet is briefly gone: try again soon rather than after Vaadin's default 5 s
        event.getUI().getReconnectDialogConfiguration().setReconnectInterval(1000);
    }
}
