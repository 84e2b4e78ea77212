package carbine.simulator.internal;

import java.util.Locale;
import java.util.Optional;

import carbine.api.telemetry.PrinterState;

/**
 * The fault a simulated printer develops in its ANOMALY phase. Each effect is a function of the fault's
 * development {@code f}, 0 (healthy, also outside ANOMALY) to 1 (the end of ANOMALY): faults grow gradually
 * so that a predictive detector has lead time before the firmware gives up.
 */
enum Scenario {
    /** A failing MOSFET or drifting thermistor: uncontrolled heat drives the nozzle above target. */
    OVERHEAT("MAXTEMP: hotend temperature out of range") {
        @Override
        double overheatRise() {
            return 30;
        }
    },
    /** Filament present but no longer moving: slips at first, then stuck for good. */
    FILAMENT_JAM("Filament jam detected") {
        @Override
        double filamentFlow(double f) {
            return Math.max(0, 1 - 1.5 * f);
        }
    },
    /** The heater cartridge fails: the PID demands full power but the heat does not come. */
    HEATER_FAILURE("Heater extruder not heating at expected rate") {
        @Override
        double heaterEfficiency(double f) {
            return Math.max(0, 1 - 2 * f);
        }
    },
    /** The part fan slows to a stop although it is commanded to full speed. */
    FAN_FAILURE("Part cooling fan error: fan not spinning") {
        @Override
        double fanHealth(double f) {
            return Math.max(0, 1 - 1.5 * f);
        }
    },
    /** The spool runs out: the switch sensor goes false, shortly after the filament stops; the printer pauses. */
    FILAMENT_RUNOUT("Filament runout detected, print paused") {
        @Override
        boolean filamentDetected(double f) {
            return f < 0.3;
        }

        @Override
        double filamentFlow(double f) {
            return f < 0.6 ? 1 : 0;
        }

        @Override
        PrinterState errorState() {
            return PrinterState.PAUSED;
        }
    },
    /** Never faults: idle, then printing job after job. */
    NORMAL(null) {
        @Override
        boolean faults() {
            return false;
        }
    },
    /**
     * Slow wear, no phases: the heater cartridge loses power day by day (its resistance grows), so the duty needed
     * to hold the target rises until, after about {@code wearDays}, full power no longer holds it.
     */
    HEATER_AGING(null) {
        @Override
        boolean faults() {
            return false;
        }

        @Override
        double agedHeaterEfficiency(double wear) {
            // at the default targets the hotend holds 210 °C with ~40 % of the new cartridge's power
            return Math.max(0, 1 - HEATER_LOSS_AT_WEAR_DAYS * wear);
        }
    },
    /** Slow wear, no phases: the part fan's bearing wears, so it reaches fewer rpm at the same command. */
    FAN_WEAR(null) {
        @Override
        boolean faults() {
            return false;
        }

        @Override
        double agedFanHealth(double wear) {
            return Math.max(0, 1 - 0.5 * wear);
        }
    },
    /** Slow wear, no phases: a loosening thermistor reads with growing noise (σ 0.3 °C new, 3 °C at wearDays). */
    THERMISTOR_LOOSE(null) {
        @Override
        boolean faults() {
            return false;
        }

        @Override
        double agedExtraNoiseCelsius(double wear) {
            return 2.7 * wear;
        }
    };

    /**
     * Power the aging cartridge has lost after {@code wearDays}: 60 %, i.e. 24 W of 60 W left, just what the hotend
     * needs at 210 °C (with the fan on and filament melting), so from then on it can no longer hold the target.
     */
    static final double HEATER_LOSS_AT_WEAR_DAYS = 0.6;

    private final String errorText;

    Scenario(String errorText) {
        this.errorText = errorText;
    }

    /** The configuration value, e.g. {@code filament_jam}. */
    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a configuration value; case and {@code -}/{@code _} do not matter. */
    static Optional<Scenario> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String normalized = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (Scenario s : values()) {
            if (s.name().equals(normalized)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    boolean faults() {
        return true;
    }

    /** What the firmware reports in the ERROR phase. */
    String errorText() {
        return errorText;
    }

    /** The state reported in the ERROR phase: a halt, or for a runout a pause. */
    PrinterState errorState() {
        return PrinterState.ERROR;
    }

    /** Kelvin above target that uncontrolled heat has driven the nozzle to by the end of ANOMALY. */
    double overheatRise() {
        return 0;
    }

    /** Fraction of the commanded heater power that reaches the hotend. */
    double heaterEfficiency(double f) {
        return 1;
    }

    /** Fraction of the commanded fan speed the fan still reaches. */
    double fanHealth(double f) {
        return 1;
    }

    /** Whether this scenario wears slowly over days (independent of the phases) rather than faulting in ANOMALY. */
    boolean ages() {
        return agedHeaterEfficiency(1) != 1 || agedFanHealth(1) != 1 || agedExtraNoiseCelsius(1) != 0;
    }

    /** Fraction of its new power an aging heater still gives; {@code wear} is simulated time / wearDays. */
    double agedHeaterEfficiency(double wear) {
        return 1;
    }

    /** Fraction of the new rpm an aging fan still reaches at the same command. */
    double agedFanHealth(double wear) {
        return 1;
    }

    /** Sensor noise (σ, °C) a loosening thermistor adds to the temperature readings. */
    double agedExtraNoiseCelsius(double wear) {
        return 0;
    }

    /** Whether the runout switch still sees filament. */
    boolean filamentDetected(double f) {
        return true;
    }

    /** Fraction of the time the filament moves while the printer extrudes. */
    double filamentFlow(double f) {
        return 1;
    }
}
