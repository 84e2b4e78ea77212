package carbine.simulator.internal;

import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import carbine.config.Configs;

/**
 * A simulated printer's configuration after validation: every value is usable. A bad value is reported as a
 * {@link Problem} and replaced by its default, so that a typo never takes the printer down.
 *
 * @param seed the effective seed (never 0: a configured 0 is replaced by one derived from the printer id)
 * @param name the label for people, empty if none
 */
record Settings(String printerId, Scenario scenario, double phaseSeconds, double timeScale, long seed,
        double nozzleTarget, double bedTarget, String name, int count, double wearDays, double startDaysAgo) {
    /**
     * Most printers one configuration may simulate unless the framework property {@value #MAX_COUNT_PROPERTY}
     * allows more: every simulated printer costs memory and a share of {@code status.json}, and a typo
     * ({@code count=100000}) once grew the heap past 5 GB.
     */
    static final int DEFAULT_MAX_COUNT = 10_000;
    static final String MAX_COUNT_PROPERTY = "carbine.simulator.maxCount";

    /** The defaults of {@link Config}, the one place they are written. */
    static final Config DEFAULTS = Configs.defaults(Config.class);
    static final double MAX_START_DAYS_AGO = 3650;
    static final double MAX_NOZZLE_TARGET = 300;
    static final double MAX_BED_TARGET = 120;
    private static final Pattern PRINTER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** A configuration value that could not be used, and what is used instead. */
    record Problem(String property, String value, String rule, String fallback) {
        String message() {
            return "property " + property + " = '" + value + "' is invalid (" + rule + "); using " + fallback;
        }
    }

    /** Validates a configuration, handing each problem to {@code problems}; at most the default farm size. */
    static Settings from(Config config, Consumer<Problem> problems) {
        return from(config, DEFAULT_MAX_COUNT, problems);
    }

    /** Validates a configuration, handing each problem to {@code problems}; a farm has at most {@code maxCount}. */
    static Settings from(Config config, int maxCount, Consumer<Problem> problems) {
        Config d = DEFAULTS;
        String printerId = text("printerId", config::printerId, d.printerId(), problems);
        if (!PRINTER_ID.matcher(printerId).matches()) {
            problems.accept(new Problem("printerId", printerId, "letters, digits, '.', '_', '-'", d.printerId()));
            printerId = d.printerId();
        }

        String scenarioText = text("scenario", config::scenario, d.scenario(), problems);
        Scenario scenario = Scenario.parse(scenarioText).orElse(null);
        if (scenario == null) {
            problems.accept(new Problem("scenario", scenarioText, "one of " + scenarioNames(), d.scenario()));
            scenario = Scenario.parse(d.scenario()).orElseThrow();
        }

        double phaseSeconds = number("phaseSeconds", config::phaseSeconds, d.phaseSeconds(),
                v -> v > 0, "must be > 0", problems);
        double timeScale = number("timeScale", config::timeScale, d.timeScale(),
                v -> v > 0, "must be > 0", problems);
        double nozzleTarget = number("nozzleTarget", config::nozzleTarget, d.nozzleTarget(),
                v -> v > PrinterModel.AMBIENT_CELSIUS && v <= MAX_NOZZLE_TARGET,
                "must be above " + PrinterModel.AMBIENT_CELSIUS + " and at most " + MAX_NOZZLE_TARGET, problems);
        double bedTarget = number("bedTarget", config::bedTarget, d.bedTarget(),
                v -> v >= 0 && v <= MAX_BED_TARGET, "must be 0 to " + MAX_BED_TARGET, problems);

        long seed;
        try {
            seed = config.seed();
        } catch (RuntimeException e) {
            problems.accept(new Problem("seed", String.valueOf(e.getMessage()), "must be a whole number", "0"));
            seed = d.seed();
        }
        if (seed == 0) {
            seed = printerId.hashCode() | 1L << 32; // never 0, different per printer, still reproducible
        }

        int count = (int) number("count", () -> (double) config.count(), d.count(),
                v -> v >= 1 && v <= maxCount && v == Math.rint(v), "a whole number from 1 to " + maxCount
                        + "; the framework property " + MAX_COUNT_PROPERTY + " allows more", problems);

        String name = text("name", config::name, d.name(), problems).trim();
        double wearDays = number("wearDays", config::wearDays, d.wearDays(), v -> v > 0, "must be > 0", problems);
        double startDaysAgo = number("startDaysAgo", config::startDaysAgo, d.startDaysAgo(),
                v -> v >= 0 && v <= MAX_START_DAYS_AGO, "must be 0 to " + (long) MAX_START_DAYS_AGO, problems);
        return new Settings(printerId, scenario, phaseSeconds, timeScale, seed, nozzleTarget, bedTarget, name, count,
                wearDays, startDaysAgo);
    }

    /** The ids of the simulated printers: the printer id itself, or numbered ids for a farm. */
    java.util.List<String> printerIds() {
        if (count == 1) {
            return java.util.List.of(printerId);
        }
        String format = "%s-%0" + Math.max(4, String.valueOf(count).length()) + "d";
        java.util.List<String> ids = new java.util.ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            ids.add(String.format(java.util.Locale.ROOT, format, printerId, i));
        }
        return java.util.List.copyOf(ids);
    }

    private static String text(String property, Supplier<String> read, String fallback, Consumer<Problem> problems) {
        String value;
        try {
            value = read.get();
        } catch (RuntimeException e) {
            problems.accept(new Problem(property, String.valueOf(e.getMessage()), "not readable", fallback));
            return fallback;
        }
        return value == null ? fallback : value.trim();
    }

    private interface DoubleRule {
        boolean accepts(double value);
    }

    private static double number(String property, Supplier<Double> read, double fallback, DoubleRule rule,
            String ruleText, Consumer<Problem> problems) {
        double value;
        try {
            value = read.get();
        } catch (RuntimeException e) {
            // DS throws when a configured string is not a number
            problems.accept(new Problem(property, String.valueOf(e.getMessage()), "must be a number",
                    format(fallback)));
            return fallback;
        }
        if (Double.isFinite(value) && rule.accepts(value)) {
            return value;
        }
        problems.accept(new Problem(property, format(value), ruleText, format(fallback)));
        return fallback;
    }

    private static String format(double value) {
        return value == Math.rint(value) && Double.isFinite(value) ? String.valueOf((long) value)
                : String.valueOf(value);
    }

    private static String scenarioNames() {
        StringBuilder names = new StringBuilder();
        for (Scenario s : Scenario.values()) {
            names.append(names.isEmpty() ? "" : ", ").append(s.configName());
        }
        return names.toString();
    }
}
