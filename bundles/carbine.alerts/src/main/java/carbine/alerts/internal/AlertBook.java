package carbine.alerts.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import carbine.alerts.internal.AlertChange.Type;
import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.detector.Finding;
import carbine.api.telemetry.TelemetrySample;

/**
 * The open alerts and the rules that change them: one open alert per (printer, detector, kind); a repeat
 * updates it; an alert whose finding has been absent for {@code resolveAfter} of event time is resolved.
 *
 * <p>Thread-safety: {@link #report} may run concurrently for different (printer, detector) pairs, never for
 * the same pair; {@link #acknowledge} may run at any time. Every change to one alert is an atomic
 * {@code compute} on its map entry.
 */
public final class AlertBook {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Comparator<Alert> NEWEST_FIRST = Comparator.comparing(Alert::firstSeen).reversed()
            .thenComparing(Alert::id);

    private record Source(String printerId, String detector) {}

    /** An open alert and, while its finding is absent, the event time since which it has been absent. */
    private record Tracked(Alert alert, Instant clearSince) {}

    private final ConcurrentHashMap<Source, ConcurrentHashMap<String, Tracked>> open = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Supplier<String> newId;
    private volatile Duration resolveAfter;

    /**
     * @param resolveAfter how long (event time) a finding must stay absent before its alert resolves
     * @param clock        wall clock, used only for acknowledgements (a person acts in real time)
     */
    public AlertBook(Duration resolveAfter, Clock clock) {
        this(resolveAfter, clock, AlertBook::randomId);
    }

    AlertBook(Duration resolveAfter, Clock clock, Supplier<String> newId) {
        setResolveAfter(resolveAfter);
        this.clock = Objects.requireNonNull(clock);
        this.newId = Objects.requireNonNull(newId);
    }

    /** 12 random hex digits (48 bits). */
    public static String randomId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public void setResolveAfter(Duration resolveAfter) {
        if (resolveAfter.isNegative()) {
            throw new IllegalArgumentException("resolveAfter must not be negative: " + resolveAfter);
        }
        this.resolveAfter = resolveAfter;
    }

    /**
     * Takes what one detector found in one sample and returns the changes made, in order: raised, escalated
     * and updated alerts first, then resolved ones. Open alerts of this detector and printer whose kind is
     * not among the findings count as clear from this sample's time on.
     */
    public List<AlertChange> report(String detector, TelemetrySample sample, List<Finding> findings) {
        Source source = new Source(sample.printerId(), detector);
        Instant now = sample.time();
        ConcurrentHashMap<String, Tracked> kinds = open.computeIfAbsent(source, s -> new ConcurrentHashMap<>());
        List<AlertChange> changes = new ArrayList<>();
        Map<String, Finding> found = strongestPerKind(findings);

        for (Finding finding : found.values()) {
            kinds.compute(finding.kind(), (kind, tracked) -> {
                AlertChange change = tracked == null
                        ? raise(source, finding, now)
                        : repeat(tracked.alert(), finding, now);
                changes.add(change);
                return new Tracked(change.alert(), null);
            });
        }
        Duration resolveAfter = this.resolveAfter;
        for (String kind : kinds.keySet()) {
            if (found.containsKey(kind)) {
                continue;
            }
            kinds.computeIfPresent(kind, (k, tracked) -> {
                Instant clearSince = tracked.clearSince() == null ? now : tracked.clearSince();
                if (Duration.between(clearSince, now).compareTo(resolveAfter) < 0) {
                    return new Tracked(tracked.alert(), clearSince);
                }
                Alert a = tracked.alert();
                Alert resolved = new Alert(a.id(), a.printerId(), a.detector(), a.kind(), a.severity(), a.message(),
                        a.firstSeen(), a.lastSeen(), a.count(), a.score(), AlertState.RESOLVED, now);
                changes.add(new AlertChange(Type.RESOLVED, resolved, now));
                return null;
            });
        }
        return changes;
    }

    /**
     * Resolves every open alert of a detector, on every printer, with {@code reason} as its last message: for a
     * detector that is gone (uninstalled, stopped), whose findings would otherwise never be reported clear.
     *
     * @param at when (wall clock: no sample marks the moment a detector disappears)
     */
    public List<AlertChange> retire(String detector, String reason, Instant at) {
        List<AlertChange> changes = new ArrayList<>();
        open.forEach((source, kinds) -> {
            if (!source.detector().equals(detector)) {
                return;
            }
            for (String kind : kinds.keySet()) {
                kinds.computeIfPresent(kind, (k, tracked) -> {
                    Alert a = tracked.alert();
                    changes.add(new AlertChange(Type.RESOLVED, new Alert(a.id(), a.printerId(), a.detector(), a.kind(),
                            a.severity(), reason, a.firstSeen(), a.lastSeen(), a.count(), a.score(), AlertState.RESOLVED,
                            at), at));
                    return null;
                });
            }
        });
        return changes;
    }

    /** The detectors that have open alerts. */
    public Set<String> detectorsWithOpenAlerts() {
        Set<String> result = new HashSet<>();
        open.forEach((source, kinds) -> {
            if (!kinds.isEmpty()) {
                result.add(source.detector());
            }
        });
        return result;
    }

    /** Marks an open ACTIVE alert as acknowledged; empty when there is no such alert or it already was. */
    public Optional<AlertChange> acknowledge(String alertId, String actor) {
        List<AlertChange> changes = new ArrayList<>(1);
        for (ConcurrentHashMap<String, Tracked> kinds : open.values()) {
            for (String kind : kinds.keySet()) {
                kinds.computeIfPresent(kind, (k, tracked) -> {
                    Alert a = tracked.alert();
                    if (!a.id().equals(alertId) || a.state() != AlertState.ACTIVE) {
                        return tracked;
                    }
                    Alert acknowledged = a.withState(AlertState.ACKNOWLEDGED);
                    changes.add(new AlertChange(Type.ACKNOWLEDGED, acknowledged, clock.instant(), actor));
                    return new Tracked(acknowledged, tracked.clearSince());
                });
            }
        }
        return changes.stream().findFirst();
    }

    /** The open alert with this id. */
    public Optional<Alert> find(String alertId) {
        return allOpen().filter(a -> a.id().equals(alertId)).findFirst();
    }

    /** Open alerts (ACTIVE and ACKNOWLEDGED), most recently raised first. */
    public List<Alert> open() {
        return allOpen().sorted(NEWEST_FIRST).toList();
    }

    /**
     * Takes back open alerts saved before a restart. An alert is skipped when its (printer, detector, kind)
     * already has an open alert here, or when it is resolved.
     *
     * @return how many were taken
     */
    public int restore(Collection<Alert> alerts) {
        int taken = 0;
        for (Alert a : alerts) {
            if (!a.isOpen()) {
                continue;
            }
            ConcurrentHashMap<String, Tracked> kinds = open.computeIfAbsent(new Source(a.printerId(), a.detector()),
                    s -> new ConcurrentHashMap<>());
            if (kinds.putIfAbsent(a.kind(), new Tracked(a, null)) == null) {
                taken++;
            }
        }
        return taken;
    }

    /**
     * Every (printer, detector) that ever reported has an entry, mostly empty: with 1,000 printers and five
     * detectors a stream per entry made each {@link #open()} allocate ~340 kB, and called once per sample (by the
     * ML detector) it was 340 MB/s of garbage in the soak run. Empty entries are skipped without allocating.
     */
    private java.util.stream.Stream<Alert> allOpen() {
        List<Alert> all = new ArrayList<>();
        for (ConcurrentHashMap<String, Tracked> kinds : open.values()) {
            if (!kinds.isEmpty()) {
                kinds.values().forEach(t -> all.add(t.alert()));
            }
        }
        return all.stream();
    }

    private AlertChange raise(Source source, Finding f, Instant now) {
        String id = newId.get();
        while (find(id).isPresent()) { // 48 random bits: a clash is rare, but an id must name one alert
            id = newId.get();
        }
        Alert alert = new Alert(id, source.printerId(), source.detector(), f.kind(), f.severity(), f.message(), now,
                now, 1, f.score(), AlertState.ACTIVE, null);
        return new AlertChange(Type.RAISED, alert, now);
    }

    private static AlertChange repeat(Alert a, Finding f, Instant now) {
        boolean escalated = f.severity().compareTo(a.severity()) > 0;
        Alert updated = new Alert(a.id(), a.printerId(), a.detector(), a.kind(),
                escalated ? f.severity() : a.severity(), f.message(), a.firstSeen(), now, a.count() + 1, f.score(),
                a.state(), null);
        return new AlertChange(escalated ? Type.ESCALATED : Type.UPDATED, updated, now);
    }

    /** A detector should name each kind once per sample; if it does not, the most severe (first) wins. */
    private static Map<String, Finding> strongestPerKind(List<Finding> findings) {
        Map<String, Finding> byKind = new LinkedHashMap<>();
        if (findings != null) {
            for (Finding f : findings) {
                byKind.merge(f.kind(), f, (a, b) -> b.severity().compareTo(a.severity()) > 0 ? b : a);
            }
        }
        return byKind;
    }
}
