package carbine.rest.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reads the API's query parameters; every refusal names the parameter. Pure: no servlet types. */
public final class Params {
    public static final int DEFAULT_POINTS = 400;
    public static final int MAX_POINTS = 10_000;
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private Params() {}

    /** The window of {@code GET /api/v1/history}: {@code from} and {@code to}, by default the last 24 hours. */
    public record Window(Instant from, Instant to) {}

    public static Window window(String from, String to, Instant now) throws BadParameter {
        Instant end = to == null ? now : instant("to", to);
        Instant start = from == null ? end.minus(DEFAULT_WINDOW) : instant("from", from);
        if (!start.isBefore(end)) {
            throw new BadParameter(from == null ? "to" : "from", "from (" + start + ") must be before to (" + end + ")");
        }
        return new Window(start, end);
    }

    /**
     * An instant: ISO-8601 with an offset ({@code 2026-12-05T08:00:00Z}, {@code 2026-12-05T09:00:00+01:00}) or
     * milliseconds since the epoch. A space stands for {@code +} (an unencoded offset in a query string).
     */
    public static Instant instant(String name, String value) throws BadParameter {
        // a "+01:00" offset sent unencoded in a query string arrives as " 01:00"
        String v = value.trim().replace(' ', '+');
        if (v.isEmpty()) {
            throw new BadParameter(name, name + " is empty; expected an ISO-8601 instant such as 2026-12-05T08:00:00Z");
        }
        if (v.chars().allMatch(Character::isDigit) && v.length() <= 15) {
            return Instant.ofEpochMilli(Long.parseLong(v));
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameter(name, name + " is not an instant: '" + value
                    + "'; expected ISO-8601 with an offset, e.g. 2026-12-05T08:00:00Z, or milliseconds since 1970");
        }
    }

    /** {@code points}: 1 to {@value #MAX_POINTS}, {@value #DEFAULT_POINTS} when absent. */
    public static int points(String value) throws BadParameter {
        return bounded("points", value, DEFAULT_POINTS, MAX_POINTS);
    }

    /** {@code limit}: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent. */
    public static int limit(String value) throws BadParameter {
        return bounded("limit", value, DEFAULT_LIMIT, MAX_LIMIT);
    }

    private static int bounded(String name, String value, int fallback, int max) throws BadParameter {
        if (value == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new BadParameter(name, name + " is not a whole number: '" + value + "'");
        }
        if (n < 1 || n > max) {
            throw new BadParameter(name, name + " must be between 1 and " + max + ", was " + n);
        }
        return n;
    }

    /** Which alerts {@code GET /api/v1/alerts} lists. */
    public enum AlertFilter {
        OPEN, RESOLVED
    }

    public static AlertFilter state(String value) throws BadParameter {
        if (value == null) {
            return AlertFilter.OPEN;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "open" -> AlertFilter.OPEN;
            case "resolved" -> AlertFilter.RESOLVED;
            default -> throw new BadParameter("state", "state must be open or resolved, was '" + value + "'");
        };
    }

    /** The answer's format: {@code ?format=csv|json} wins, else {@code Accept: text/csv} means CSV, else JSON. */
    public static boolean csv(String format, String accept) throws BadParameter {
        if (format != null) {
            return switch (format.trim().toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw new BadParameter("format", "format must be json or csv, was '" + format + "'");
            };
        }
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
    }

    /**
     * The single path segment after a servlet's prefix ({@code /printer-1} → {@code printer-1}), or null if
     * there is none or more than one.
     */
    public static String segment(String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2 || pathInfo.indexOf('/', 1) >= 0) {
            return null;
        }
        return pathInfo.substring(1);
    }

    /**
     * A snooze's length: minutes as a whole number ({@code 90}), or with a unit {@code 90m}, {@code 2h}, {@code 1d},
     * or ISO-8601 ({@code PT2H}).
     */
    public static java.time.Duration duration(String name, String text) throws BadParameter {
        if (text == null || text.isBlank()) {
            throw new BadParameter(name, name + " is missing: a length such as 90 (minutes), 30m, 2h or 1d");
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return java.time.Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            }
            char unit = t.charAt(t.length() - 1);
            String number = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1).trim();
            long n = Long.parseLong(number);
            return switch (unit) {
                case 'd' -> java.time.Duration.ofDays(n);
                case 'h' -> java.time.Duration.ofHours(n);
                case 'm' -> java.time.Duration.ofMinutes(n);
                case 's' -> java.time.Duration.ofSeconds(n);
                default -> {
                    if (!Character.isDigit(unit)) {
                        throw new NumberFormatException(t);
                    }
                    yield java.time.Duration.ofMinutes(n);
                }
            };
        } catch (RuntimeException e) {
            throw new BadParameter(name, name + " is not a length: '" + text + "'; use e.g. 90 (minutes), 30m, 2h or 1d");
        }
    }
}
