package carbine.simulator.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import carbine.api.driver.PrinterDriver;
import carbine.api.telemetry.TelemetrySample;
import carbine.simulator.Simulator;

/**
 * A {@link PrinterDriver} serving the simulated printers of one configuration (one, or a farm). Each {@link #sample} advances the model to the
 * present — wall-clock time since creation × time scale — and reads it, stamped with the simulated time
 * (creation + simulated seconds). At time scale 1 that is the wall clock; faster, event time runs ahead with the
 * physics, so a detector's event-time windows (a jam held 10 s, a 20 s heating check) mean what they mean live.
 */
final class SimulatedPrinterDriver implements PrinterDriver {
    /** Catching up a long gap runs in chunks of this many simulated seconds, checking for interruption. */
    private static final double CATCH_UP_CHUNK_SECONDS = 60;

    private final Settings settings;
    private final Clock clock;
    private final Instant start;
    /** Simulated seconds of history before activation ({@code startDaysAgo}): lived through at the time scale. */
    private final double pastSeconds;
    /** printer id → its model; each model is read by one thread at a time. */
    private final Map<String, Simulated> printers = new LinkedHashMap<>();

    /** One printer: its model, the lock for reading it, and the simulated time of its latest sample. */
    private static final class Simulated {
        final PrinterModel model;
        final ReentrantLock lock = new ReentrantLock();
        double lastSampleSeconds = -1; // guarded by lock

        Simulated(PrinterModel model) {
            this.model = model;
        }
    }

    SimulatedPrinterDriver(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.pastSeconds = settings.startDaysAgo() * 86_400;
        this.start = clock.instant().minusNanos(Math.round(pastSeconds * 1e9));
        long seed = settings.seed();
        for (String id : settings.printerIds()) {
            PrinterModel model = new PrinterModel(settings.scenario(), settings.phaseSeconds(), settings.nozzleTarget(),
                    settings.bedTarget(), seed++, settings.wearDays());
            printers.put(id, new Simulated(model));
        }
    }

    @Override
    public Set<String> printerIds() {
        return Collections.unmodifiableSet(printers.keySet());
    }

    @Override
    public TelemetrySample sample(String printerId) throws InterruptedException {
        Simulated printer = printers.get(printerId);
        if (printer == null) {
            throw new IllegalArgumentException("unknown printer '" + printerId + "': this simulator serves '"
                    + settings.printerId() + "'" + (settings.count() > 1 ? " and its farm" : ""));
        }
        PrinterModel model = printer.model;
        ReentrantLock lock = printer.lock;
        lock.lockInterruptibly();
        try {
            // read the clock under the lock so that samples taken by different threads are in time order
            Instant now = clock.instant();
            // a wall clock may step back (NTP); a printer's event time never does
            double simulated = Math.max(simulatedSeconds(now), printer.lastSampleSeconds);
            printer.lastSampleSeconds = simulated;
            while (model.time() + CATCH_UP_CHUNK_SECONDS < simulated) {
                model.advanceTo(model.time() + CATCH_UP_CHUNK_SECONDS);
                if (Thread.interrupted()) {
                    throw new InterruptedException("simulation of " + printerId + " interrupted while catching up");
                }
            }
            model.advanceTo(simulated);
            return model.sample(printerId, start.plusNanos(Math.round(simulated * 1e9)));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Simulated seconds since the printer's start at wall-clock time {@code now}: wall-clock time since activation ×
     * time scale; with a past ({@code startDaysAgo}), at most until the printer's clock has caught up with the wall
     * clock, from then on in real time, so that its event time never runs ahead of the wall clock.
     */
    private double simulatedSeconds(Instant now) {
        double wall = Duration.between(start.plusNanos(Math.round(pastSeconds * 1e9)), now).toNanos() / 1e9;
        double scaled = wall * settings.timeScale();
        return pastSeconds > 0 ? Math.min(scaled, pastSeconds + wall) : scaled;
    }

    /** The properties to register this driver with. */
    Map<String, Object> serviceProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(PrinterDriver.NAME_PROPERTY, "simulator " + settings.printerId());
        properties.put(Simulator.MARKER_PROPERTY, Boolean.TRUE);
        properties.put(Simulator.PRINTER_PROPERTY, settings.printerId());
        properties.put(Simulator.SCENARIO_PROPERTY, settings.scenario().configName());
        if (!settings.name().isEmpty()) {
            properties.put(Simulator.NAME_PROPERTY, settings.name());
        }
        return properties;
    }

    Settings settings() {
        return settings;
    }
}
