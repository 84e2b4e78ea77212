package carbine.dashboard.internal;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.shared.Registration;

/**
 * A view that redraws itself at every poll of the page. A failing service (stopped in the middle of a call, or
 * throwing) costs one refresh and a message on the page, never the page.
 */
abstract class RefreshingView extends Div {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RefreshingView.class);

    private final Span problem = new Span();
    private Registration poll;

    RefreshingView() {
        problem.addClassName("problem");
        problem.setVisible(false);
        add(problem);
    }

    /** Reads the services and updates the components; called on attach and at every poll. */
    protected abstract void refresh(Platform platform, Instant now);

    final void safeRefresh() {
        try {
            long start = System.nanoTime();
            refresh(Platform.current(), Instant.now());
            // how long the server took to read the services and update the components (browser tests read it)
            getElement().setAttribute("data-refresh-ms",
                    String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e6));
            problem.setVisible(false);
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: a service whose bundle was just stopped or updated
            LOG.warn("dashboard refresh failed", e);
            problem.setText("Some data could not be read this time (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); retrying.");
            problem.setVisible(true);
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        poll = event.getUI().addPollListener(e -> safeRefresh());
        safeRefresh();
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (poll != null) poll.remove();
        poll = null;
    }
}
