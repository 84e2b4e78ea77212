package carbine.maintenance.internal;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import carbine.config.Configs;

/**
 * The configuration of PID {@code carbine.maintenance} and of one {@code carbine.maintenance.task}, read leniently
 * from the raw properties: a malformed value is reported (property, value, the default used) and replaced by the
 * default of the {@link Config} annotation (read with carbine.config's Configs), the one place defaults are written.
 */
record Settings(CountingRules rules, double dueSoonFraction, Duration persistEvery, Duration reportEvery) {
    static final String PID = "carbine.maintenance";
    static final String TASK_PID = "carbine.maintenance.task";
    static final Settings DEFAULTS = from(Map.of(), problem -> {});

    static Settings from(Map<String, ?> properties, Consumer<String> problems) {
        Config c = Configs.read(Config.class, properties, problem -> problems.accept(problem.toString()));
        return new Settings(new CountingRules(Duration.ofSeconds(c.gapSeconds()), c.coldCelsius(),
                c.targetBandCelsius()), c.dueSoonPercent() / 100.0, Duration.ofSeconds(c.persistSeconds()),
                Duration.ofSeconds(c.reportSeconds()));
    }

    /**
     * A task from its factory configuration, or null (with a problem reported) if it cannot be used: it lacks a
     * usable name or interval. A bad printer pattern or unit is replaced by its default.
     */
    static TaskPlan task(Map<String, ?> properties, Consumer<String> problems) {
        String pid = String.valueOf(properties.get("service.pid"));
        Object nameValue = properties.get("name");
        String name = nameValue == null ? "" : nameValue.toString().trim();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            problems.accept("configuration " + TASK_PID + " (" + pid + "): property name = '" + name
                    + "' is invalid (required: letters, digits, '.', '_' and '-'); the task is ignored");
            return null;
        }
        Object everyValue = properties.get("every");
        double every = number(everyValue);
        if (!(every > 0) || Double.isInfinite(every)) {
            problems.accept("configuration " + TASK_PID + " (" + pid + "): property every = '" + everyValue
                    + "' is invalid (required: a number > 0); the task '" + name + "' is ignored");
            return null;
        }
        String unitDefault = defaultOf("unit");
        Object unitValue = properties.get("unit");
        Unit unit = Unit.parse(unitValue == null ? unitDefault : unitValue.toString()).orElseGet(() -> {
            problems.accept("configuration " + TASK_PID + " (" + pid + "): property unit = '" + unitValue
                    + "' is invalid (one of printing_hours, hotend_hours, bed_hours, fan_hours, heat_cycles, jobs, "
                    + "days, weeks, months); using the default " + unitDefault);
            return Unit.parse(unitDefault).orElseThrow();
        });
        String printersDefault = defaultOf("printers");
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

    /** The default of a {@link TaskConfig} attribute (its required ones have none: Configs does not read it). */
    private static String defaultOf(String name) {
        try {
            return (String) TaskConfig.class.getDeclaredMethod(name).getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no attribute " + name + " in TaskConfig", e);
        }
    }

    /** NaN if it is no number. */
    private static double number(Object value) {
        try {
            return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
