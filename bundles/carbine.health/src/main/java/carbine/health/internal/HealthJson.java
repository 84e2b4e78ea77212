package carbine.health.internal;

import java.util.List;
import java.util.Locale;

import carbine.api.alert.Severity;
import carbine.api.health.HealthReport;
import carbine.api.health.IndicatorHealth;

/** A printer's health as JSON (hand-written: a handful of fields; numbers that are not finite become null). */
final class HealthJson {
    private HealthJson() {}

    static String of(HealthReport r) {
        StringBuilder j = new StringBuilder("{\"printer\":").append(string(r.printerId())).append(",\"warning\":");
        if (r.warning() == null) {
            j.append("null");
        } else {
            j.append("{\"kind\":").append(string(HealthEngine.KIND)).append(",\"severity\":")
                    .append(string(Severity.WARNING.name())).append(",\"message\":").append(string(r.warning()))
                    .append(",\"soonestDays\":").append(number(r.soonestDays())).append('}');
        }
        j.append(",\"indicators\":[");
        for (int i = 0; i < r.indicators().size(); i++) {
            IndicatorHealth a = r.indicators().get(i);
            j.append(i == 0 ? "" : ",").append("{\"key\":").append(string(a.key()))
                    .append(",\"component\":").append(string(a.component()))
                    .append(",\"unit\":").append(string(a.unit()))
                    .append(",\"status\":").append(string(a.status().name()))
                    .append(",\"days\":").append(a.days())
                    .append(",\"current\":").append(number(a.current()))
                    .append(",\"currentText\":").append(string(a.currentText()))
                    .append(",\"limit\":").append(number(a.limit()))
                    .append(",\"risesWhenWorse\":").append(a.risesWhenWorse())
                    .append(",\"trendDay\":").append(a.trendDay() == null ? "null" : "\"" + a.trendDay() + "\"")
                    .append(",\"slopePerDay\":").append(number(a.slopePerDay()))
                    .append(",\"slopeLow\":").append(number(a.slopeLow()))
                    .append(",\"slopeHigh\":").append(number(a.slopeHigh()))
                    .append(",\"daysToLimit\":").append(number(a.daysToLimit()))
                    .append(",\"daysToLimitLow\":").append(number(a.daysToLimitLow()))
                    .append(",\"daysToLimitHigh\":").append(number(a.daysToLimitHigh()))
                    .append(",\"changePercent\":").append(number(a.changePercent()))
                    .append(",\"warn\":").append(a.warn())
                    .append(",\"message\":").append(string(a.message()))
                    .append(",\"daily\":").append(days(a.daily())).append('}');
        }
        return j.append("]}").toString();
    }

    private static String days(List<IndicatorHealth.DailyValue> days) {
        StringBuilder j = new StringBuilder("[");
        for (int i = 0; i < days.size(); i++) {
            IndicatorHealth.DailyValue d = days.get(i);
            j.append(i == 0 ? "" : ",").append("{\"date\":\"").append(d.date()).append("\",\"value\":")
                    .append(number(d.value())).append(",\"count\":").append(d.count()).append(",\"fitted\":")
                    .append(d.fitted()).append('}');
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
