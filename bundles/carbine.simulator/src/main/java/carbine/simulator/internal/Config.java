package carbine.simulator.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import carbine.simulator.Simulator;

@ObjectClassDefinition(name = "Carbine simulated printer",
        description = "A virtual FDM printer with a physical model of hotend, bed, fan and filament. It starts idle, "
                + "then repeats PRINTING, ANOMALY (a fault develops while it still reports PRINTING) and ERROR, "
                + "each phase lasting 'phaseSeconds'. One configuration is one printer.")
@interface Config {
    @AttributeDefinition(name = "Printer id",
            description = "Id of the printer, unique across all drivers. Letters, digits, '.', '_' and '-'.")
    String printerId() default Simulator.DEFAULT_PRINTER_ID;

    @AttributeDefinition(name = "Scenario", description = "The fault that develops in the ANOMALY phase; "
            + "'normal' never faults (idle, then printing job after job).",
            options = {
                @Option(value = "overheat", label = "Overheat: nozzle climbs above target, heater power falls"),
                @Option(value = "filament_jam", label = "Filament jam: filament present but not moving"),
                @Option(value = "heater_failure", label = "Heater failure: full power, temperature falls"),
                @Option(value = "fan_failure", label = "Fan failure: fan commanded, rpm falls to 0"),
                @Option(value = "filament_runout", label = "Filament runout: sensor empty, then paused"),
                @Option(value = "normal", label = "Normal: never faults"),
                @Option(value = "heater_aging", label = "Heater aging: the cartridge loses power over days"),
                @Option(value = "fan_wear", label = "Fan wear: fewer rpm at the same command over days"),
                @Option(value = "thermistor_loose", label = "Loose thermistor: temperature noise grows over days")
            })
    String scenario() default "overheat";

    @AttributeDefinition(name = "Phase length (s)",
            description = "Simulated seconds each phase (IDLE, PRINTING, ANOMALY, ERROR) lasts; must be > 0.")
    double phaseSeconds() default 60;

    @AttributeDefinition(name = "Time scale",
            description = "Simulated seconds per wall-clock second; > 1 runs the printer faster (for tests).")
    double timeScale() default 1.0;

    @AttributeDefinition(name = "Seed",
            description = "Seed of the sensor noise; the same seed gives the same readings. 0 derives it from the "
                    + "printer id.")
    long seed() default 0;

    @AttributeDefinition(name = "Nozzle target (°C)", description = "Hotend temperature while printing, 25 < t <= 300.")
    double nozzleTarget() default 210;

    @AttributeDefinition(name = "Bed target (°C)", description = "Bed temperature while printing, 0 (unheated) to 120.")
    double bedTarget() default 60;

    @AttributeDefinition(name = "Printers", description = "How many printers this configuration simulates, a farm of "
            + "identical printers with their own noise: 1 uses the printer id as it is; more name them "
            + "<printerId>-0001, <printerId>-0002, ... (1 to 100000).")
    int count() default 1;

    @AttributeDefinition(name = "Wear days", description = "For the slow-wear scenarios (heater_aging, fan_wear, "
            + "thermistor_loose): simulated days until the wear reaches its nominal end (the aging heater can no "
            + "longer hold 210 °C, the fan reaches half its rpm, the noise is σ 3 °C); > 0. Use timeScale to live "
            + "through them quickly.")
    double wearDays() default 50;

    @AttributeDefinition(name = "Start days ago", description = "The printer's clock starts this many days before "
            + "activation: it lives through that past at the time scale (samples stamped then), and once it has "
            + "reached the present it goes on in real time. With timeScale 43200, 60 days pass in 2 minutes without "
            + "event times running ahead of the wall clock (which the poller refuses beyond a day). 0 to 3650.")
    double startDaysAgo() default 0;

    @AttributeDefinition(name = "Name", description = "Optional label for people, e.g. 'Prusa in the lab'.")
    String name() default "";
}
