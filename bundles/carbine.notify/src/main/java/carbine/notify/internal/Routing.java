package carbine.notify.internal;

import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import carbine.api.alert.Severity;
import carbine.api.notify.NotifiedAlert;
import carbine.api.notify.Notifier;

/**
 * Which alerts a channel gets and when: read leniently from configuration or service properties (a malformed value
 * is reported to {@code problems} and its default used). The defaults live here, and the channels' metatypes refer
 * to them.
 */
record Routing(Severity minSeverity, String printers, String kinds, boolean sendResolved, QuietHours quietHours,
        boolean criticalBypassesQuietHours, Duration groupWait, Duration repeat) {

    static final String DEFAULT_MIN_SEVERITY = "WARNING";
    static final boolean DEFAULT_SEND_RESOLVED = true;
    static final boolean DEFAULT_CRITICAL_BYPASSES = true;
    static final long DEFAULT_GROUP_WAIT_SECONDS = 30;
    static final long DEFAULT_REPEAT_SECONDS = 4 * 3600;

    static final Routing DEFAULTS = new Routing(Severity.valueOf(DEFAULT_MIN_SEVERITY), "", "", DEFAULT_SEND_RESOLVED,
            QuietHours.NONE, DEFAULT_CRITICAL_BYPASSES, Duration.ofSeconds(DEFAULT_GROUP_WAIT_SECONDS),
            Duration.ofSeconds(DEFAULT_REPEAT_SECONDS));

    static Routing from(Map<String, ?> properties, Consumer<String> problems) {
        Severity min = DEFAULTS.minSeverity;
        Object rawMin = properties.get(Notifier.MIN_SEVERITY);
        if (rawMin != null && !rawMin.toString().isBlank()) {
            try {
                min = Severity.valueOf(rawMin.toString().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.accept(Notifier.MIN_SEVERITY + " = '" + rawMin + "' is not INFO, WARNING or CRITICAL; using "
                        + DEFAULT_MIN_SEVERITY);
            }
        }
        String printers = pattern(properties, Notifier.PRINTERS, problems);
        String kinds = pattern(properties, Notifier.KINDS, problems);
        boolean sendResolved = bool(properties, Notifier.SEND_RESOLVED, DEFAULT_SEND_RESOLVED, problems);
        QuietHours quiet = QuietHours.NONE;
        Object rawQuiet = properties.get(Notifier.QUIET_HOURS);
        if (rawQuiet != null && !rawQuiet.toString().isBlank()) {
            try {
                quiet = QuietHours.parse(rawQuiet.toString());
            } catch (IllegalArgumentException e) {
                problems.accept(Notifier.QUIET_HOURS + " = '" + rawQuiet + "' is not like 22:00-07:00; no quiet hours");
            }
        }
        boolean bypass = bool(properties, Notifier.CRITICAL_BYPASSES_QUIET_HOURS, DEFAULT_CRITICAL_BYPASSES, problems);
        Duration wait = seconds(properties, Notifier.GROUP_WAIT_SECONDS, DEFAULTS.groupWait, problems);
        Duration repeat = seconds(properties, Notifier.REPEAT_SECONDS, DEFAULTS.repeat, problems);
        return new Routing(min, printers, kinds, sendResolved, quiet, bypass, wait, repeat);
    }

    /** The service properties that carry this routing from a channel to the router. */
    Map<String, Object> serviceProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(Notifier.MIN_SEVERITY, minSeverity.name());
        p.put(Notifier.PRINTERS, printers);
        p.put(Notifier.KINDS, kinds);
        p.put(Notifier.SEND_RESOLVED, sendResolved);
        p.put(Notifier.QUIET_HOURS, quietHours.toString());
        p.put(Notifier.CRITICAL_BYPASSES_QUIET_HOURS, criticalBypassesQuietHours);
        p.put(Notifier.GROUP_WAIT_SECONDS, groupWait.toSeconds());
        p.put(Notifier.REPEAT_SECONDS, repeat.toSeconds());
        return p;
    }

    /** Severity, printer and kind filters; resolutions also need {@link #sendResolved}. */
    boolean accepts(NotifiedAlert alert) {
        return alert.severity().compareTo(minSeverity) >= 0 && matches(printers, alert.printerId())
                && matches(kinds, alert.kind());
    }

    /** Whether a message of this severity must wait (or, for a reminder, be skipped) at this local time. */
    boolean holds(Severity severity, LocalTime now) {
        return quietHours.contains(now) && !(criticalBypassesQuietHours && severity == Severity.CRITICAL);
    }

    /**
     * Whether {@code value} matches {@code spec}: empty matches all; {@code /regex/} a whole-value regular expression;
     * otherwise comma-separated globs with {@code *} and {@code ?}.
     */
    static boolean matches(String spec, String value) {
        return spec.isEmpty() || compile(spec).matcher(value).matches();
    }

    static Pattern compile(String spec) {
        if (spec.length() >= 2 && spec.startsWith("/") && spec.endsWith("/")) {
            return Pattern.compile(spec.substring(1, spec.length() - 1));
        }
        StringBuilder regex = new StringBuilder();
        for (String glob : List.of(spec.split(","))) {
            String g = glob.trim();
            if (g.isEmpty()) {
                continue;
            }
            if (!regex.isEmpty()) {
                regex.append('|');
            }
            for (char c : g.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static String pattern(Map<String, ?> properties, String name, Consumer<String> problems) {
        Object raw = properties.get(name);
        if (raw == null) {
            return "";
        }
        String spec = raw instanceof String[] a ? String.join(",", a) : raw.toString().trim();
        try {
            compile(spec);
            return spec;
        } catch (PatternSyntaxException e) {
            problems.accept(name + " = '" + raw + "' is not a valid pattern (" + e.getDescription() + "); matching all");
            return "";
        }
    }

    private static boolean bool(Map<String, ?> properties, String name, boolean fallback, Consumer<String> problems) {
        Object raw = properties.get(name);
        if (raw == null) {
            return fallback;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        String text = raw.toString().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        problems.accept(name + " = '" + raw + "' is not true or false; using " + fallback);
        return fallback;
    }

    private static Duration seconds(Map<String, ?> properties, String name, Duration fallback,
            Consumer<String> problems) {
        Object raw = properties.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            long value = raw instanceof Number n ? n.longValue() : Long.parseLong(raw.toString().trim());
            if (value >= 0) {
                return Duration.ofSeconds(value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.accept(name + " = '" + raw + "' is not a whole number of seconds >= 0; using the default "
                + fallback.toSeconds());
        return fallback;
    }
}
