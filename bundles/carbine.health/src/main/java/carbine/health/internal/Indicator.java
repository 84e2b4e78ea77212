package carbine.health.internal;

/** A health indicator: what it measures, which way is worse, and how its limit is set. */
enum Indicator {
    /** Heater power (0..1) needed per °C above ambient while holding the target. Rises as a cartridge ages. */
    HEATER_DUTY("heater_duty", "hotend heater", "duty/°C", true),
    /** Fan rpm per commanded speed (0..1) once spun up. Falls as a bearing wears. */
    FAN_RPM("fan_rpm", "part fan", "rpm", false),
    /** Seconds per °C of a heat-up from cold to the target. Rises with a weak heater or a bad thermal contact. */
    HEAT_UP("heat_up", "hotend heat-up", "s/°C", true),
    /** Root-mean-square deviation of the nozzle reading from its target while holding. Rises with a loose thermistor. */
    TEMP_NOISE("temp_noise", "hotend thermistor", "°C", true);

    private final String key;
    private final String component;
    private final String unit;
    private final boolean risesWhenWorse;

    Indicator(String key, String component, String unit, boolean risesWhenWorse) {
        this.key = key;
        this.component = component;
        this.unit = unit;
        this.risesWhenWorse = risesWhenWorse;
    }

    /** The name in files and JSON. */
    String key() { return key; }

    String component() { return component; }

    String unit() { return unit; }

    boolean risesWhenWorse() { return risesWhenWorse; }

    static Indicator ofKey(String key) {
        for (Indicator i : values()) {
            if (i.key.equals(key)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown indicator '" + key + "'");
    }

    /** The day's value from its aggregate: the mean, or for noise the root mean square. */
    double value(DayAggregate day) {
        return this == TEMP_NOISE ? Math.sqrt(day.sumSquares() / day.count()) : day.sum() / day.count();
    }
}
