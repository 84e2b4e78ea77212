package carbine.maintenance.internal;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The configuration of PID {@code carbine.maintenance} and of one {@code carbine.maintenance.task}, read leniently
 * from the raw properties: a malformed value is reported (property, value, the default used) and replaced by the
 * default of the {@link Config} annotation, the one place defaults are written.
 */
record Settings(CountingRules rules, double dueSoonFraction, Duration persistEvery, Duration reportEvery) {
    static final String PID = "carbine.maintenance";
    static final String TASK_PID = "carbine.maintenance.task";
    static final Settings DEFAULTS = from(Map.of(), problem -> {});

    static Settings from(Map<String, ?> properties, Consumer<String> problems) {
        Reader r = new Reader(PID, properties, problems, Config.class);
        return new Settings(new CountingRules(Duration.ofSeconds((long) r.number("gapSeconds", 1, 1e9)),
                r.number("coldCelsius", -50, 500), r.number("targetBandCelsius", 0, 100)),
                r.number("dueSoonPercent", 0, 100) / 100.0,
                Duration.ofSeconds((long) r.number("persistSeconds", 1, 1e9)),
                Duration.ofSeconds((long) r.number("reportSeconds", 1, 1e9)));
    }

    /**
     * A task from its factory configuration, or null (with a problem reported) if it cannot be used: it lacks a
     * usable name or interval. A bad printer pattern or unit is replaced by its default.
     */
    static TaskPlan task(Map<String, ?> properties, Consumer<String> problems) {
        String pid = String.valueOf(properties.get("service.pid"));
        Reader r = new Reader(TASK_PID + " (" + pid + ")", properties, problems, TaskConfig.class);
        Object nameValue = properties.get("name");
        String name = nameValue == null ? "" : nameValue.toString().trim();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            problems.accept("configuration " + TASK_PID + " (" + pid + "): property name = '" + name
                    + "' is invalid (required: letters, digits, '.', '_' and '-'); the task is ignored");
            return null;
        }
        Object everyValue = properties.get("every");
        double every = r.parse("every", everyValue);
        if (!(every > 0) || Double.isInfinite(every)) {
            problems.accept("configuration " + TASK_PID + " (" + pid + "): property every = '" + everyValue
                    + "' is invalid (required: a number > 0); the task '" + name + "' is ignored");
            return null;
        }
        String unitDefault = (String) r.defaultOf("unit");
        Object unitValue = properties.get("unit");
        Unit unit = Unit.parse(unitValue == null ? unitDefault : unitValue.toString()).orElseGet(() -> {
            problems.accept("configuration " + TASK_PID + " (" + pid + "): property unit = '" + unitValue
                    + "' is invalid (one of printing_hours, hotend_hours, bed_hours, fan_hours, heat_cycles, jobs, "
                    + "days, weeks, months); using the default " + unitDefault);
            return Unit.parse(unitDefault).orElseThrow();
        });
        String printersDefault = (String) r.defaultOf("printers");
        Object printersValue = properties.get("printers");
        String printers = printersValue == null ? printersDefault : printersValue.toString();
        java.util.regex.Pattern pattern;
        try {
            pattern = Globs.compile(printers);
        } catch (java.util.regex.PatternSyntaxException e) {
            problems.accept("configuration " + TASK_PID + " (" + pid + "): property printers = '" + printers
                    + "' is invalid (" + e.getDescription() + "); using the default " + printersDefault);
            printers = printersDefault;
            pattern = Globs.compile(printers);
        }
        return new TaskPlan(name, printers, pattern, every, unit, pid);
    }

    private record Reader(String pid, Map<String, ?> properties, Consumer<String> problems,
            Class<? extends Annotation> config) {
        Object defaultOf(String name) {
            try {
                return config.getDeclaredMethod(name).getDefaultValue();
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("no attribute " + name + " in " + config, e);
            }
        }

        double number(String name, double min, double max) {
            double fallback = ((Number) defaultOf(name)).doubleValue();
            Object value = properties.get(name);
            if (value == null) {
                return fallback;
            }
            double parsed = parse(name, value);
            if (Double.isNaN(parsed) || parsed < min || parsed > max) {
                problems.accept("configuration " + pid + ": property " + name + " = '" + value + "' is invalid (a "
                        + "number from " + format(min) + " to " + format(max) + "); using the default "
                        + format(fallback));
                return fallback;
            }
            return parsed;
        }

        /** NaN if it is no number. */
        double parse(String name, Object value) {
            if (value instanceof Number n) {
                return n.doubleValue();
            }
            if (value == null) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(value.toString().trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }

        private static String format(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
