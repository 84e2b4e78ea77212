package carbine.maintenance.internal;

import java.time.Duration;

/**
 * How samples become counts.
 *
 * @param gap          a longer time between two samples of a printer counts as nothing (Carbine stopped, the
 *                     printer was offline): no hours are added for it
 * @param coldCelsius  a hotend below this is cold (the ends of a heat cycle)
 * @param targetBandCelsius a hotend within this of its target has reached it
 */
record CountingRules(Duration gap, double coldCelsius, double targetBandCelsius) {}
