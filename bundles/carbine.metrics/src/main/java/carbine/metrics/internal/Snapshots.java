package carbine.metrics.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.fleet.PrinterStatus;
import carbine.api.store.StoreHealth;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Maps what Carbine's services say right now (the fleet, the open alerts, the store's health) to Prometheus
 * snapshots. Built anew on every scrape from the services' current answers, so a printer that is gone has no
 * series any more. Names and meanings are listed in the bundle's README.
 */
final class Snapshots {
    static final String PRINTER = "printer";
    static final Unit CELSIUS = new Unit("celsius");

    private Snapshots() {}

    /** Every per-printer gauge. Telemetry gauges only for a printer that is online and has a sample. */
    static List<MetricSnapshot> printers(List<PrinterStatus> printers) {
        Gauges info = new Gauges("carbine_printer_info", null,
                "Always 1: the printer and the driver serving it.");
        Gauges online = new Gauges("carbine_printer_online", null,
                "1 while the printer answers, 0 after the poller's offlineAfterFailures failed polls in a row.");
        Gauges state = new Gauges("carbine_printer_state", null,
                "1 for the printer's current state, 0 for the others (OFFLINE while it does not answer).");
        Gauges failures = new Gauges("carbine_printer_consecutive_failures", null,
                "Failed polls of the printer since its last good one.");
        Gauges sampleTime = new Gauges("carbine_printer_last_sample_timestamp_seconds", Unit.SECONDS,
                "Event time of the printer's latest good sample, seconds since the epoch.");
        Gauges temperature = new Gauges("carbine_printer_temperature_celsius", CELSIUS,
                "Measured temperature of a heater (nozzle or bed), degrees Celsius.");
        Gauges target = new Gauges("carbine_printer_target_temperature_celsius", CELSIUS,
                "Target temperature of a heater (nozzle or bed), degrees Celsius; 0: the heater is off.");
        Gauges power = new Gauges("carbine_printer_heater_power_ratio", Unit.RATIO,
                "Power of the nozzle heater, 0 to 1.");
        Gauges fan = new Gauges("carbine_printer_fan_speed_ratio", Unit.RATIO,
                "Commanded part-cooling fan speed, 0 to 1.");
        Gauges progress = new Gauges("carbine_printer_progress_ratio", Unit.RATIO,
                "Progress of the current print, 0 to 1.");

        Set<String> seen = new HashSet<>();
        for (PrinterStatus p : printers) {
            String id = p.printerId();
            if (!seen.add(id)) {
                continue; // one series per printer id, even if two drivers claimed the same one
            }
            Labels printer = Labels.of(PRINTER, id);
            info.add(Labels.of(PRINTER, id, "driver", p.driver() == null ? "" : p.driver()), 1);
            online.add(printer, p.online() ? 1 : 0);
            failures.add(printer, p.consecutiveFailures());
            TelemetrySample s = p.latest();
            PrinterState current = !p.online() ? PrinterState.OFFLINE : s == null ? null : s.state();
            if (current != null) {
                for (PrinterState candidate : PrinterState.values()) {
                    state.add(Labels.of(PRINTER, id, "state", candidate.name()), candidate == current ? 1 : 0);
                }
            }
            if (s == null) {
                continue;
            }
            sampleTime.add(printer, s.time().toEpochMilli() / 1000.0);
            if (!p.online()) {
                continue; // the last sample's readings are stale: a gap in the graphs, not a flat line
            }
            Labels nozzle = Labels.of("heater", "nozzle", PRINTER, id);
            Labels bed = Labels.of("heater", "bed", PRINTER, id);
            temperature.addIfKnown(nozzle, s.nozzleActual());
            temperature.addIfKnown(bed, s.bedActual());
            target.addIfKnown(nozzle, s.nozzleTarget());
            target.addIfKnown(bed, s.bedTarget());
            power.addIfKnown(printer, s.heaterPower());
            fan.addIfKnown(printer, s.fanSpeed());
            progress.addIfKnown(printer, s.progress() == null ? null : s.progress() / 100.0);
        }
        return List.of(info.build(), online.build(), state.build(), failures.build(), sampleTime.build(),
                temperature.build(), target.build(), power.build(), fan.build(), progress.build());
    }

    /**
     * Open alerts by severity and state (every combination, zeros included, so that a rule can compare with 0),
     * and by kind (only kinds with open alerts).
     */
    static List<MetricSnapshot> alerts(List<Alert> open) {
        Map<Severity, Map<AlertState, Integer>> bySeverity = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            Map<AlertState, Integer> byState = new EnumMap<>(AlertState.class);
            byState.put(AlertState.ACTIVE, 0);
            byState.put(AlertState.ACKNOWLEDGED, 0);
            bySeverity.put(s, byState);
        }
        Map<String, Integer> byKind = new TreeMap<>();
        for (Alert a : open) {
            if (!a.isOpen()) {
                continue;
            }
            bySeverity.get(a.severity()).merge(a.state(), 1, Integer::sum);
            byKind.merge(a.kind(), 1, Integer::sum);
        }
        Gauges severity = new Gauges("carbine_alerts_open", null,
                "Open alerts by severity and state (ACTIVE, or ACKNOWLEDGED by a person).");
        bySeverity.forEach((s, byState) -> byState.forEach(
                (st, n) -> severity.add(Labels.of("severity", s.name(), "state", st.name()), n)));
        Gauges kind = new Gauges("carbine_alerts_open_by_kind", null,
                "Open alerts by kind (e.g. OVERHEAT, HARD_FAILURE); kinds without open alerts have no series.");
        byKind.forEach((k, n) -> kind.add(Labels.of("kind", k), n));
        return List.of(severity.build(), kind.build());
    }

    /** Whether the store commits what it accepts, and how many rows wait. */
    static List<MetricSnapshot> store(StoreHealth health) {
        Gauges writing = new Gauges("carbine_store_writing", null,
                "1 while the telemetry store's writes commit, 0 while they fail or the store is stopped.");
        writing.add(Labels.EMPTY, health.isWriting() ? 1 : 0);
        Gauges status = new Gauges("carbine_store_status", null,
                "1 for the store's current status (WRITING, FAILING, STOPPED), 0 for the others.");
        for (StoreHealth.Status s : StoreHealth.Status.values()) {
            status.add(Labels.of("status", s.name()), s == health.status() ? 1 : 0);
        }
        Gauges waiting = new Gauges("carbine_store_rows_waiting", null,
                "Rows accepted by the store and not yet committed (kept in memory and retried).");
        waiting.add(Labels.EMPTY, health.rowsWaiting());
        Gauges since = new Gauges("carbine_store_status_since_timestamp_seconds", Unit.SECONDS,
                "When the store's current status began, seconds since the epoch.");
        since.add(Labels.EMPTY, health.since().toEpochMilli() / 1000.0);
        return List.of(writing.build(), status.build(), waiting.build(), since.build());
    }

    /** Poll cycles completed since the poller started. */
    static MetricSnapshot cycles(long cycles) {
        return counter("carbine_poll_cycles", "Poll cycles completed since the poller started.", cycles);
    }

    static MetricSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    static <K> MetricSnapshot counters(String name, String help, Map<K, ? extends Number> values,
            Function<K, Labels> labels) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        values.forEach((k, v) -> b.dataPoint(
                CounterDataPointSnapshot.builder().labels(labels.apply(k)).value(v.doubleValue()).build()));
        return b.build();
    }

    /**
     * Per notification channel, from the router's own counts (read at scrape time, like the fleet): messages
     * delivered and failed attempts since Carbine started, messages waiting in the outbox, whether it is snoozed.
     */
    static List<MetricSnapshot> deliveries(List<carbine.api.notify.Notifications.Channel> channels) {
        Map<String, Long> delivered = new java.util.TreeMap<>();
        Map<String, Long> failed = new java.util.TreeMap<>();
        Gauges waiting = new Gauges("carbine_notify_messages_waiting", null,
                "Messages of the channel waiting in the outbox (held by quiet hours or a snooze, or being retried).");
        Gauges snoozed = new Gauges("carbine_notify_channel_snoozed", null,
                "1 while the channel is snoozed (its messages wait until the snooze ends), 0 otherwise.");
        for (carbine.api.notify.Notifications.Channel c : channels) {
            delivered.put(c.id(), c.delivered());
            failed.put(c.id(), c.failed());
            waiting.add(Labels.of("channel", c.id()), Math.max(0, c.waiting()));
            snoozed.add(Labels.of("channel", c.id()), c.snoozedUntil() == null ? 0 : 1);
        }
        List<MetricSnapshot> all = new ArrayList<>();
        all.add(counters("carbine_notify_deliveries", "Messages the channel delivered since Carbine started "
                + "(test messages not counted).", delivered, id -> Labels.of("channel", id)));
        all.add(counters("carbine_notify_delivery_failures", "Failed delivery attempts of the channel since Carbine "
                + "started (each retry counts).", failed, id -> Labels.of("channel", id)));
        all.add(waiting.build());
        all.add(snoozed.build());
        return all;
    }

    /** One gauge family being filled. */
    static final class Gauges {
        private final GaugeSnapshot.Builder builder;
        private final List<GaugeDataPointSnapshot> points = new ArrayList<>();

        Gauges(String name, Unit unit, String help) {
            builder = GaugeSnapshot.builder().name(name).help(help);
            if (unit != null) {
                builder.unit(unit);
            }
        }

        void add(Labels labels, double value) {
            points.add(GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
        }

        void addIfKnown(Labels labels, Double value) {
            if (value != null && Double.isFinite(value)) {
                add(labels, value);
            }
        }

        GaugeSnapshot build() {
            points.forEach(builder::dataPoint);
            return builder.build();
        }
    }
}
