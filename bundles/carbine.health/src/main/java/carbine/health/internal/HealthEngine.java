package carbine.health.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import carbine.api.alert.Severity;
import carbine.api.detector.Finding;
import carbine.api.telemetry.TelemetrySample;

/**
 * Component health of every printer, fed one sample at a time. Per sample it only adds a few numbers to the open
 * day; when a sample of a new day (UTC, event time) arrives, the day before is closed, appended to the printer's
 * file (on the {@code writes} executor, off the poller's thread) and every indicator is re-judged. The finding is
 * the same on every sample of that day: a long-lived COMPONENT_WEAR alert that updates once a day.
 */
final class HealthEngine {
    static final String KIND = "COMPONENT_WEAR";
    private static final long SECONDS_PER_DAY = 86_400;

    private final Settings settings;
    private final HealthFiles files;
    private final Executor writes;
    private final Consumer<String> warnings;
    private final Map<String, PrinterHealth> printers = new ConcurrentHashMap<>();
    private final Map<String, List<Finding>> findings = new ConcurrentHashMap<>();

    HealthEngine(Settings settings, HealthFiles files, Executor writes, Consumer<String> warnings) {
        this.settings = settings;
        this.files = files;
        this.writes = writes;
        this.warnings = warnings;
    }

    Settings settings() {
        return settings;
    }

    List<Finding> judge(TelemetrySample sample) {
        String id = sample.printerId();
        PrinterHealth printer = printers.computeIfAbsent(id, this::load);
        long day = Math.floorDiv(sample.time().getEpochSecond(), SECONDS_PER_DAY);
        synchronized (printer) {
            if (printer.openDay == Long.MIN_VALUE) {
                // the first sample since the start: judge what the file holds up to yesterday
                printer.openDay = day;
                assess(printer, day - 1);
            } else if (day > printer.openDay) {
                closeDay(printer);
                printer.openDay = day;
            }
            double heldBefore = printer.lastHeldTarget;
            printer.observe(sample, settings);
            if (Double.compare(heldBefore, printer.lastHeldTarget) != 0 && printer.openDay != Long.MIN_VALUE) {
                // the heater's limit depends on the target held: judge again when it first shows or changes
                assess(printer, printer.openDay - 1);
            }
        }
        return findings.getOrDefault(id, List.of());
    }

    private void closeDay(PrinterHealth printer) {
        List<DayAggregate> closed = printer.takeOpenDay();
        printer.addClosed(closed, settings);
        persist(printer.printerId, closed, printer.lastHeldTarget);
        assess(printer, printer.openDay);
    }

    private void assess(PrinterHealth printer, long lastDay) {
        printer.assess(lastDay, settings);
        List<Assessment> warn = printer.assessments.stream().filter(Assessment::warn).toList();
        if (warn.isEmpty()) {
            findings.remove(printer.printerId);
            return;
        }
        double soonest = warn.stream().mapToDouble(Assessment::daysToLimit).min().orElse(Double.NaN);
        String message = warn.stream().map(Assessment::message).collect(Collectors.joining("; "));
        findings.put(printer.printerId, List.of(new Finding(KIND, Severity.WARNING, message, soonest)));
    }

    private void persist(String printerId, List<DayAggregate> closed, double heldTarget) {
        if (closed.isEmpty()) {
            return;
        }
        Runnable append = () -> {
            try {
                files.append(printerId, closed, heldTarget);
            } catch (IOException | RuntimeException e) {
                warnings.accept("health: cannot append " + closed.size() + " daily values of printer " + printerId
                        + " to " + files.directory() + ": " + e + " (they stay in memory until a restart)");
            }
        };
        try {
            writes.execute(append);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            append.run(); // a sample judged while the component stops: written here rather than lost
        }
    }

    private PrinterHealth load(String printerId) {
        PrinterHealth printer = new PrinterHealth(printerId);
        try {
            HealthFiles.Stored file = files.load(printerId);
            List<DayAggregate> stored = file.days();
            printer.lastHeldTarget = file.heldTarget();
            if (!stored.isEmpty()) {
                printer.addClosed(stored, settings);
                long last = stored.get(stored.size() - 1).epochDay();
                printer.assess(last, settings);
            }
        } catch (IOException | RuntimeException e) {
            warnings.accept("health: cannot read the daily values of printer " + printerId + " from "
                    + files.directory() + ": " + e + "; starting its indicators afresh (the file is left as it is)");
        }
        return printer;
    }

    /** Saves every printer's open day as it is (at shutdown); its rest is added to the same day later. */
    void saveOpenDays() {
        for (PrinterHealth printer : printers.values()) {
            List<DayAggregate> part;
            double heldTarget;
            synchronized (printer) {
                part = printer.takeOpenDay();
                heldTarget = printer.lastHeldTarget;
            }
            try {
                files.append(printer.printerId, part, heldTarget);
            } catch (IOException e) {
                warnings.accept("health: cannot save the open day of printer " + printer.printerId + ": " + e);
            }
        }
    }

    /** The printers seen since the start or with a file, sorted. */
    List<String> printerIds() {
        java.util.TreeSet<String> ids = new java.util.TreeSet<>(printers.keySet());
        ids.addAll(files.printers());
        return new ArrayList<>(ids);
    }

    /** A printer's assessments, reading its file if it has not sent a sample since the start. */
    Optional<Report> report(String printerId) {
        PrinterHealth printer = printers.get(printerId);
        if (printer == null) {
            if (!files.printers().contains(printerId)) {
                return Optional.empty();
            }
            printer = printers.computeIfAbsent(printerId, this::load);
        }
        synchronized (printer) {
            Map<Indicator, List<DayAggregate>> days = new java.util.EnumMap<>(Indicator.class);
            for (Indicator i : Indicator.values()) {
                days.put(i, printer.days(i));
            }
            List<String> display = new ArrayList<>();
            for (Assessment a : printer.assessments) {
                display.add(printer.display(a.indicator(), a.current(), settings));
            }
            return Optional.of(new Report(printerId, printer.assessments, display, days, printer.peekOpenDay(),
                    findings.getOrDefault(printerId, List.of())));
        }
    }

    /** What the shell and the HTTP API show of one printer. */
    record Report(String printerId, List<Assessment> assessments, List<String> currentText,
            Map<Indicator, List<DayAggregate>> days, List<DayAggregate> openDay, Collection<Finding> findings) {}
}
