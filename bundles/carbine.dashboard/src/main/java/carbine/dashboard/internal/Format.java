package carbine.dashboard.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Numbers and times as the page shows them; "—" for what a printer did not report (never a made-up 0). */
final class Format {
    static final String NONE = "—";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    private Format() {}

    static String temp(Double actual, Double target) {
        return (actual == null ? NONE : String.format(Locale.ROOT, "%.1f °C", actual))
                + " / " + (target == null ? NONE : String.format(Locale.ROOT, "%.0f °C", target));
    }

    static String celsius(double value) {
        return String.format(Locale.ROOT, "%.1f °C", value);
    }

    /** A print time: {@code 45 s}, {@code 12 min 05 s}, {@code 3 h 02 min}. */
    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s < 60) return s + " s";
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    /** Filament length from millimetres: {@code 850 mm}, {@code 4.12 m}. */
    static String length(double millimetres) {
        return millimetres < 1000 ? String.format(Locale.ROOT, "%.0f mm", millimetres)
                : String.format(Locale.ROOT, "%.2f m", millimetres / 1000);
    }

    static String percent(Double fraction) {
        return fraction == null ? NONE : String.format(Locale.ROOT, "%.0f %%", fraction * 100);
    }

    /** Job progress: the sample's percent 0..100 (not a fraction, unlike fan speed and heater power). */
    static String progress(Double percent) {
        return percent == null ? NONE : String.format(Locale.ROOT, "%.0f %%", percent);
    }

    static String fan(Double speed, Double rpm) {
        return percent(speed) + (rpm == null ? "" : String.format(Locale.ROOT, " (%.0f rpm)", rpm));
    }

    static String filament(Boolean detected, Boolean moving) {
        String d = detected == null ? NONE : detected ? "present" : "ABSENT";
        String m = moving == null ? "" : moving ? ", moving" : ", not moving";
        return d + m;
    }

    static String time(Instant t) {
        return t == null ? NONE : TIME.format(t);
    }

    static String dayTime(Instant t) {
        return t == null ? NONE : DAY_TIME.format(t);
    }

    static String shortTime(Instant t) {
        return SHORT.format(t);
    }

    static String age(Instant t, Instant now) {
        if (t == null) return NONE;
        long s = Math.max(0, Duration.between(t, now).toSeconds());
        return s < 120 ? s + " s ago" : s < 7200 ? s / 60 + " min ago" : s / 3600 + " h ago";
    }

    /** For text put into SVG markup by hand (Vaadin's text components escape by themselves). */
    static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 && c != '\t' && c != '\n' ? ' ' : c);
            }
        }
        return b.toString();
    }
}
