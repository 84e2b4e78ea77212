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
import carbine.config.Configs;
import carbine.config.Range;

/**
 * Which alerts a channel gets and when: read leniently from configuration or service properties (a malformed value
 * is reported to {@code problems} and its default used). The defaults live here (the constants, which {@link Config}
 * and the channels' metatypes refer to).
 */
record Routing(Severity minSeverity, String printers, String kinds, boolean sendResolved, QuietHours quietHours,
        boolean criticalBypassesQuietHours, Duration groupWait, Duration repeat) {

    static final String DEFAULT_MIN_SEVERITY = "WARNING";
    static final boolean DEFAULT_SEND_RESOLVED = true;
    static final boolean DEFAULT_CRITICAL_BYPASSES = true;
    static final long DEFAULT_GROUP_WAIT_SECONDS = 30;
    static final long DEFAULT_REPEAT_SECONDS = 4 * 3600;

    static final Routing DEFAULTS = from(Map.of(), problem -> { });

    /** The routing attributes with a default (as in each channel's metatype), read with carbine.config's Configs. */
    @interface Config {
        String minSeverity() default DEFAULT_MIN_SEVERITY;

        boolean sendResolved() default DEFAULT_SEND_RESOLVED;

        boolean criticalBypassesQuietHours() default DEFAULT_CRITICAL_BYPASSES;

        @Range(min = 0, is = "a whole number of seconds >= 0")
        long groupWaitSeconds() default DEFAULT_GROUP_WAIT_SECONDS;

        @Range(min = 0, is = "a whole number of seconds >= 0")
        long repeatSeconds() default DEFAULT_REPEAT_SECONDS;
    }

    static Routing from(Map<String, ?> properties, Consumer<String> problems) {
        Config c = Configs.read(Config.class, properties, problem -> problems.accept(problem.toString()));
        Severity min;
        try {
            min = Severity.valueOf(c.minSeverity().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.accept(Notifier.MIN_SEVERITY + " = '" + c.minSeverity() + "' is not INFO, WARNING or CRITICAL; "
                    + "using " + DEFAULT_MIN_SEVERITY);
            min = Severity.valueOf(DEFAULT_MIN_SEVERITY);
        }
        String printers = pattern(properties, Notifier.PRINTERS, problems);
        String kinds = pattern(properties, Notifier.KINDS, problems);
        QuietHours quiet = QuietHours.NONE;
        Object rawQuiet = properties.get(Notifier.QUIET_HOURS);
        if (rawQuiet != null && !rawQuiet.toString().isBlank()) {
            try {
                quiet = QuietHours.parse(rawQuiet.toString());
            } catch (IllegalArgumentException e) {
                problems.accept(Notifier.QUIET_HOURS + " = '" + rawQuiet + "' is not like 22:00-07:00; no quiet hours");
            }
        }
        return new Routing(min, printers, kinds, c.sendResolved(), quiet, c.criticalBypassesQuietHours(),
                Duration.ofSeconds(c.groupWaitSeconds()), Duration.ofSeconds(c.repeatSeconds()));
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
}
