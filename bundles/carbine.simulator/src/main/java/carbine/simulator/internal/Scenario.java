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
    };

    static final Scenario DEFAULT = OVERHEAT;

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

    /** Whether the runout switch still sees filament. */
    boolean filamentDetected(double f) {
        return true;
    }

    /** Fraction of the time the filament moves while the printer extrudes. */
    double filamentFlow(double f) {
        return 1;
    }
}
