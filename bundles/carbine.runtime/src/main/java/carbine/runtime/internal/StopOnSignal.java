package carbine.runtime.internal;

import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Stops the framework cleanly when the JVM is asked to exit: SIGTERM (systemd, Docker, {@code kill}), SIGINT
 * (Ctrl-C) or {@code System.exit}. Without it the JVM would end with the framework still running, so the store
 * would not commit what it has queued and nothing would say that Carbine stopped. The hook is removed again when
 * the framework stops for another reason ({@code stop 0} in the shell).
 */
@Component(immediate = true)
public class StopOnSignal {
    static final long STOP_TIMEOUT_SECONDS = 60;

    private final Thread hook;

    @Activate
    public StopOnSignal(BundleContext context, @Reference(service = LoggerFactory.class) Logger logger) {
        Framework framework = (Framework) context.getBundle(0);
        hook = new Thread(() -> stop(framework, logger), "carbine-stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook itself is stopping the framework: leave it to finish
        }
    }

    private static void stop(Framework framework, Logger logger) {
        logger.info("Carbine is stopping: the process was asked to exit (SIGTERM, Ctrl-C or System.exit)");
        long start = System.nanoTime();
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // the log service is gone now: straight to the console (the journal, under systemd)
            System.out.println(event.getType() == FrameworkEvent.WAIT_TIMEDOUT
                    ? "carbine: the framework did not stop within " + STOP_TIMEOUT_SECONDS + " s; exiting anyway"
                    : "carbine: stopped cleanly in " + millis + " ms");
        } catch (BundleException | RuntimeException e) {
            System.out.println("carbine: stopping the framework failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
