package carbine.api.maintenance;

import java.time.Instant;

/**
 * What one printer has done since Carbine began counting it, in event time of its samples. Hours are decimal.
 *
 * @param printerId       the printer
 * @param since           event time of the first counted sample
 * @param lastSample      event time of the latest counted sample
 * @param printingHours   hours in state PRINTING
 * @param hotendHours     hours with a hotend target above 0
 * @param bedHours        hours with a bed target above 0
 * @param fanHours        hours with the part-cooling fan running
 * @param heatCycles      hotend cycles cold → target → cold
 * @param jobsFinished    jobs that ended normally
 * @param jobsFailed      jobs that ended in an error or were stopped before their end
 * @param filamentMeters  filament used, or null: no driver reports it today (the telemetry sample has no such field)
 */
public record UsageCounters(String printerId, Instant since, Instant lastSample, double printingHours,
        double hotendHours, double bedHours, double fanHours, long heatCycles, long jobsFinished, long jobsFailed,
        Double filamentMeters) {}
