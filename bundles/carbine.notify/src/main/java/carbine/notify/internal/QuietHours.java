package carbine.notify.internal;

import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * A daily window such as {@code 22:00-07:00} (crossing midnight) or {@code 12:00-13:00}, in local time; start
 * included, end excluded. {@link #NONE} is never quiet.
 */
record QuietHours(LocalTime start, LocalTime end) {
    static final QuietHours NONE = new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    static QuietHours parse(String text) {
        String[] parts = text.trim().split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not HH:mm-HH:mm: " + text);
        }
        try {
            return new QuietHours(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not HH:mm-HH:mm: " + text, e);
        }
    }

    boolean contains(LocalTime t) {
        if (start.equals(end)) {
            return false;
        }
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }

    /** The first moment at or after {@code now} that is outside the window. */
    ZonedDateTime endAfter(ZonedDateTime now) {
        if (!contains(now.toLocalTime())) {
            return now;
        }
        ZonedDateTime candidate = now.with(end).withSecond(end.getSecond()).withNano(0);
        return candidate.isAfter(now) ? candidate : candidate.plusDays(1);
    }

    @Override
    public String toString() {
        return start.equals(end) ? "" : start + "-" + end;
    }
}
