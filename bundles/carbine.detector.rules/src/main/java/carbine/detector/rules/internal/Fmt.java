package carbine.detector.rules.internal;

import java.util.Locale;

/** Number formats for finding messages: fixed, locale-independent. */
final class Fmt {
    private Fmt() {}

    /** Temperatures and differences: one decimal, e.g. {@code 197.0}. */
    static String celsius(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Fractions 0..1 such as heater power: two decimals, e.g. {@code 1.00}. */
    static String fraction(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Seconds and other counts: no decimals when whole, e.g. {@code 12} or {@code 2.5}. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }
}
