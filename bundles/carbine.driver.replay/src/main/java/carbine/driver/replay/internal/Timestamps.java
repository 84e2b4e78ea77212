package carbine.driver.replay.internal;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * Reads the timestamp cell of a replay file, to whole epoch milliseconds (the resolution of the telemetry store):
 * <ul>
 * <li>{@code 2013-12-10 06:25:00} or {@code 2013-12-10 06:25:00.123456} (NAB), seconds optional;</li>
 * <li>ISO-8601 with {@code T}: {@code 2013-12-10T06:25:00}, with {@code Z}, an offset {@code +01:00} or a zone
 * {@code +01:00[Europe/Paris]};</li>
 * <li>a number: epoch <b>seconds</b> below {@value #MILLIS_FROM} (that is, up to the year 5138), epoch
 * <b>milliseconds</b> from there on (from 1973-03-03); a fraction is allowed.</li>
 * </ul>
 * Times without zone or offset are in the given zone. Digits below the millisecond are cut off.
 */
final class Timestamps {
    /** Numbers from here on are milliseconds: 1e11 s is the year 5138, 1e11 ms is 1973-03-03. */
    static final long MILLIS_FROM = 100_000_000_000L;

    private final ZoneId zone;

    Timestamps(ZoneId zone) {
        this.zone = zone;
    }

    /** @throws IllegalArgumentException naming the cell, if it is none of the forms above */
    long toEpochMilli(String cell) {
        String text = cell.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the timestamp is empty");
        }
        if (looksNumeric(text)) {
            return fromNumber(text);
        }
        // NAB separates date and time with a blank; ISO-8601 with T
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11)
                : text;
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, ZonedDateTime::from,
                    LocalDateTime::from);
            Instant instant = parsed instanceof ZonedDateTime zoned ? zoned.toInstant()
                    : ((LocalDateTime) parsed).atZone(zone).toInstant();
            return instant.toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a timestamp (YYYY-MM-DD HH:MM:SS[.ffffff], "
                    + "ISO-8601 such as 2013-12-10T06:25:00Z, or epoch seconds/milliseconds)");
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a usable time: " + e.getMessage());
        }
    }

    private static boolean looksNumeric(String text) {
        int start = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
        if (start == text.length()) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E') {
                return false;
            }
        }
        return true;
    }

    private static long fromNumber(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number of epoch seconds or milliseconds");
        }
        BigDecimal millis = value.abs().compareTo(BigDecimal.valueOf(MILLIS_FROM)) >= 0 ? value
                : value.movePointRight(3);
        try {
            long result = millis.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            Instant.ofEpochMilli(result); // within Instant's range
            return result;
        } catch (ArithmeticException | DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is out of range for an epoch time");
        }
    }
}
