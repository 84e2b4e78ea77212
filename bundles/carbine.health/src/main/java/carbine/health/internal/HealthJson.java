package carbine.health.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import carbine.api.detector.Finding;

/** A printer's health as JSON (hand-written: a handful of fields; numbers that are not finite become null). */
final class HealthJson {
    private HealthJson() {}

    static String of(HealthEngine.Report r) {
        StringBuilder j = new StringBuilder("{\"printer\":").append(string(r.printerId())).append(",\"warning\":");
        if (r.findings().isEmpty()) {
            j.append("null");
        } else {
            Finding f = r.findings().iterator().next();
            j.append("{\"kind\":").append(string(f.kind())).append(",\"severity\":").append(string(f.severity().name()))
                    .append(",\"message\":").append(string(f.message())).append(",\"soonestDays\":")
                    .append(number(f.score())).append('}');
        }
        j.append(",\"indicators\":[");
        for (int i = 0; i < r.assessments().size(); i++) {
            Assessment a = r.assessments().get(i);
            j.append(i == 0 ? "" : ",").append("{\"key\":").append(string(a.indicator().key()))
                    .append(",\"component\":").append(string(a.indicator().component()))
                    .append(",\"unit\":").append(string(a.indicator().unit()))
                    .append(",\"status\":").append(string(a.status().name()))
                    .append(",\"days\":").append(a.days())
                    .append(",\"current\":").append(number(a.current()))
                    .append(",\"currentText\":").append(string(r.currentText().get(i)))
                    .append(",\"limit\":").append(number(a.limit()))
                    .append(",\"slopePerDay\":").append(a.line() == null ? "null" : number(a.line().slope()))
                    .append(",\"slopeLow\":").append(a.line() == null ? "null" : number(a.line().slopeLow()))
                    .append(",\"slopeHigh\":").append(a.line() == null ? "null" : number(a.line().slopeHigh()))
                    .append(",\"daysToLimit\":").append(number(a.daysToLimit()))
                    .append(",\"daysToLimitLow\":").append(number(a.daysLow()))
                    .append(",\"daysToLimitHigh\":").append(number(a.daysHigh()))
                    .append(",\"changePercent\":").append(number(a.changePercent()))
                    .append(",\"warn\":").append(a.warn())
                    .append(",\"message\":").append(string(a.message()))
                    .append(",\"daily\":").append(days(r.days().get(a.indicator()))).append('}');
        }
        return j.append("]}").toString();
    }

    private static String days(List<DayAggregate> days) {
        StringBuilder j = new StringBuilder("[");
        for (int i = 0; i < days.size(); i++) {
            DayAggregate d = days.get(i);
            j.append(i == 0 ? "" : ",").append("{\"date\":\"").append(LocalDate.ofEpochDay(d.epochDay()))
                    .append("\",\"value\":").append(number(d.value())).append(",\"count\":").append(d.count())
                    .append('}');
        }
        return j.append(']').toString();
    }

    static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v).replaceFirst("\\.?0+(e|$)", "$1") : "null";
    }

    static String string(String s) {
        StringBuilder j = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> j.append("\\\"");
                case '\\' -> j.append("\\\\");
                case '\n' -> j.append("\\n");
                case '\r' -> j.append("\\r");
                case '\t' -> j.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        j.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        j.append(c);
                    }
                }
            }
        }
        return j.append('"').toString();
    }
}
