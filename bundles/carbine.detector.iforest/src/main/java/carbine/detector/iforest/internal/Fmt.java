package carbine.detector.iforest.internal;

import java.math.BigDecimal;
import java.util.Locale;

/** Number formats for messages: fixed, locale-independent. */
final class Fmt {
    private Fmt() {}

    /** Plain number without needless decimals: {@code 10}, {@code 0.995}; huge bounds as ∞. */
    static String number(double v) {
        if (Math.abs(v) >= 1e15) {
            return v > 0 ? "∞" : "-∞";
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** With a fixed number of decimals. */
    static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
