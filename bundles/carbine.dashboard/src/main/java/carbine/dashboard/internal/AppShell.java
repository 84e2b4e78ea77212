package carbine.dashboard.internal;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/** Page-wide settings: the Lumo theme (opt-in in Vaadin 25) and the dashboard's own style sheet. */
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("carbine/dashboard.css")
public class AppShell implements AppShellConfigurator {
    private static final long serialVersionUID = 1L;

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("Carbine");
    }
}
