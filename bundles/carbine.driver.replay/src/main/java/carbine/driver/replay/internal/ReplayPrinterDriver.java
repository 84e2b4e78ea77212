package carbine.driver.replay.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.LongSupplier;

import carbine.api.driver.PrinterDriver;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.replay.ReplayDriver;

/**
 * Serves the rows of one loaded file as one printer, one row per {@link #sample} call.
 *
 * <p>With speed 0 every call returns the next row. With speed &gt; 0 a row is due when the wall-clock time since
 * the first call, times the speed, has reached the row's event time minus the first row's; a call before the
 * next row is due returns the previous sample again, which the poller drops (it keeps only samples after the
 * previous one). Without looping, the printer is no longer listed once the last row has been served.
 */
final class ReplayPrinterDriver implements PrinterDriver, ReplayProgress {
    private final ReplaySettings settings;
    private final ReplayFile.Load load;
    private final ReplayData data;
    private final LongSupplier nanoTime;
    private final Runnable onFinished;
    /** How far each loop pass shifts event times: the file's span plus one mean row spacing. */
    private final long passMillis;

    private final Object lock = new Object();
    private long position;
    private long startNanos;
    private TelemetrySample previous;
    private volatile boolean finished;
    private volatile long replayed;
    private volatile Instant lastEventTime;

    ReplayPrinterDriver(ReplaySettings settings, ReplayFile.Load load, LongSupplier nanoTime, Runnable onFinished) {
        this.settings = settings;
        this.load = load;
        this.data = load.data();
        this.nanoTime = nanoTime;
        this.onFinished = onFinished;
        this.finished = data == null;
        if (data == null) {
            passMillis = 1;
        } else {
            long span = data.eventMillis(data.size() - 1) - data.eventMillis(0);
            long spacing = data.size() > 1 ? Math.max(1, Math.round(span / (double) (data.size() - 1))) : 1000;
            passMillis = span + spacing;
        }
    }

    Map<String, Object> serviceProperties() {
        return Map.of(NAME_PROPERTY, settings.driverName(), ReplayDriver.PRINTER_PROPERTY, settings.printerId(),
                ReplayDriver.FILE_PROPERTY, settings.file().toString());
    }

    @Override
    public Set<String> printerIds() {
        return finished ? Set.of() : Set.of(settings.printerId());
    }

    @Override
    public TelemetrySample sample(String printerId) {
        if (!settings.printerId().equals(printerId)) {
            throw new IllegalArgumentException("unknown printer: " + printerId + " (this driver replays "
                    + settings.printerId() + ")");
        }
        if (data == null) {
            throw new IllegalStateException(load.error());
        }
        boolean justFinished = false;
        TelemetrySample sample;
        synchronized (lock) {
            if (finished) {
                return previous;
            }
            int index = (int) (position % data.size());
            long shift = (position / data.size()) * passMillis;
            if (settings.speed() > 0) {
                long now = nanoTime.getAsLong();
                if (position == 0) {
                    startNanos = now;
                }
                double dataElapsedMillis = (now - startNanos) / 1e6 * settings.speed();
                if (dataElapsedMillis < data.eventMillis(index) + shift - data.eventMillis(0)) {
                    return previous; // not due yet: the poller drops a repeated time
                }
            }
            sample = data.sample(index, settings.printerId(), shift, settings.state());
            previous = sample;
            position++;
            replayed = position;
            lastEventTime = sample.time();
            if (!settings.loop() && position == data.size()) {
                finished = true;
                justFinished = true;
            }
        }
        if (justFinished) {
            onFinished.run();
        }
        return sample;
    }

    @Override public String printerId() { return settings.printerId(); }
    @Override public Path file() { return settings.file(); }
    @Override public Optional<String> failure() { return Optional.ofNullable(load.error()); }
    @Override public boolean finished() { return finished; }
    @Override public int rows() { return data == null ? 0 : data.size(); }
    @Override public long replayed() { return replayed; }
    @Override public int skipped() { return load.skipped(); }
    @Override public int moved() { return load.moved(); }
    @Override public Optional<Instant> lastEventTime() { return Optional.ofNullable(lastEventTime); }

    @Override
    public Optional<Instant> nextEventTime() {
        synchronized (lock) {
            if (finished || data == null) {
                return Optional.empty();
            }
            int index = (int) (position % data.size());
            long shift = (position / data.size()) * passMillis;
            return Optional.of(Instant.ofEpochMilli(data.eventMillis(index) + shift));
        }
    }

    @Override
    public List<ErrorOnset> errorOnsets() {
        List<ErrorOnset> onsets = new ArrayList<>();
        boolean previousError = false;
        for (int i = 0; data != null && i < data.size(); i++) {
            boolean error = data.state(i, settings.state()) == PrinterState.ERROR;
            if (error && !previousError) {
                onsets.add(new ErrorOnset(Instant.ofEpochMilli(data.eventMillis(i)), data.fileRow(i), data.error(i)));
            }
            previousError = error;
        }
        return List.copyOf(onsets);
    }

    @Override
    public OptionalInt row(Instant eventTime) {
        if (data == null) {
            return OptionalInt.empty();
        }
        long millis;
        try {
            millis = eventTime.toEpochMilli();
        } catch (ArithmeticException e) {
            return OptionalInt.empty();
        }
        if (eventTime.getNano() % 1_000_000 != 0) {
            return OptionalInt.empty();
        }
        long pass = Math.floorDiv(millis - data.eventMillis(0), passMillis);
        if (pass < 0 || (pass > 0 && !settings.loop())) {
            return OptionalInt.empty();
        }
        int index = data.indexOf(millis - pass * passMillis);
        return index < 0 ? OptionalInt.empty() : OptionalInt.of(data.fileRow(index));
    }
}
