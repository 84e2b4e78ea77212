package carbine.dashboard.internal;

import java.time.Instant;
import java.util.List;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

/** Which drivers and detectors are installed (name, bundle, version, state) and which core services run. */
@Route(value = "platform", layout = MainLayout.class)
@PageTitle("Carbine — platform")
public class PlatformView extends RefreshingView {
    private static final long serialVersionUID = 1L;

    private final Div services = new Div();
    private final Div drivers = new Div();
    private final Div detectors = new Div();
    private String signature = "";

    public PlatformView() {
        addClassName("platform");
        services.addClassName("services");
        drivers.addClassNames("plugins", "drivers");
        detectors.addClassNames("plugins", "detectors");
        Anchor console = new Anchor("/system/console/bundles", "Felix Web Console: bundles, components, configuration");
        add(new H2("Services"), services, new H2("Printer drivers"), drivers, new H2("Detectors"), detectors,
                new Paragraph(console));
    }

    @Override
    protected void refresh(Platform platform, Instant now) {
        List<String[]> core = List.of(
                row("Fleet (poller)", platform.fleet().isPresent()),
                row("Alert service", platform.alerts().isPresent()),
                row("Telemetry store", Health.store(platform.telemetry())),
                row("Alert store", platform.alertStore().isPresent()));
        List<Platform.Plugin> d = platform.drivers();
        List<Platform.Plugin> t = platform.detectors();
        String now2 = core.stream().map(r -> r[1]).toList() + "" + d + t;
        if (now2.equals(signature)) return;
        signature = now2;
        services.removeAll();
        for (String[] r : core) {
            Span state = new Span(r[1]);
            state.addClassName(r[2]);
            Div row = new Div(new Span(r[0] + ": "), state);
            row.addClassName("service");
            services.add(row);
        }
        fill(drivers, d, "No printer drivers are installed.");
        fill(detectors, t, "No detectors are installed.");
    }

    /** name, text, colour class */
    private static String[] row(String name, boolean present) {
        return row(name, present ? Health.ServiceState.RUNNING : Health.ServiceState.NOT_RUNNING);
    }

    private static String[] row(String name, Health.ServiceState state) {
        return new String[] { name, state.text(), state.cssClass() };
    }

    private static void fill(Div table, List<Platform.Plugin> plugins, String none) {
        table.removeAll();
        if (plugins.isEmpty()) {
            table.add(new Span(none));
            return;
        }
        Div head = new Div(cell("name"), cell("bundle"), cell("version"), cell("state"));
        head.addClassNames("plugin", "head");
        table.add(head);
        for (Platform.Plugin p : plugins) {
            Div row = new Div(cell(p.name()), cell(p.bundle()), cell(p.version()), cell(p.state()));
            row.addClassName("plugin");
            row.getElement().setAttribute("data-bundle", p.bundle());
            table.add(row);
        }
    }

    private static Span cell(String text) {
        Span s = new Span(text);
        s.addClassName("cell");
        return s;
    }
}
