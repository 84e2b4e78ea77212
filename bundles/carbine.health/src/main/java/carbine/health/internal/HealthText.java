package carbine.health.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The shell's text of a printer's health. */
final class HealthText {
    private HealthText() {}

    static String of(HealthEngine.Report r) {
        StringBuilder out = new StringBuilder(r.printerId()).append(r.findings().isEmpty() ? "" : "  COMPONENT_WEAR")
                .append('\n');
        if (r.assessments().isEmpty()) {
            out.append("  no day closed yet\n");
        }
        for (int i = 0; i < r.assessments().size(); i++) {
            Assessment a = r.assessments().get(i);
            out.append(String.format(Locale.ROOT, "  %-12s %-9s %s%n", a.indicator().key(), a.status(),
                    a.message()));
        }
        return out.toString();
    }

    static String days(HealthEngine.Report r) {
        StringBuilder out = new StringBuilder("  daily values (oldest first; the open day last, marked *):\n");
        for (Indicator indicator : Indicator.values()) {
            List<DayAggregate> days = r.days().get(indicator);
            DayAggregate open = r.openDay().stream().filter(d -> d.indicator() == indicator).findFirst().orElse(null);
            if (days.isEmpty() && open == null) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "  %-12s", indicator.key()));
            for (DayAggregate d : days) {
                out.append(String.format(Locale.ROOT, " %s=%.4g(%d)", LocalDate.ofEpochDay(d.epochDay()), d.value(),
                        d.count()));
            }
            if (open != null) {
                out.append(String.format(Locale.ROOT, " %s*=%.4g(%d)", LocalDate.ofEpochDay(open.epochDay()),
                        open.value(), open.count()));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
