package carbine.api.maintenance;

import java.time.Instant;

/**
 * A task marked done: one line of a printer's maintenance log.
 *
 * @param printerId the printer
 * @param task      the task's name
 * @param at        when (wall clock)
 * @param actor     who, e.g. {@code admin from 192.168.1.20 (dashboard)} or {@code shell}
 * @param note      what the person wrote, possibly empty
 * @param used      how much of {@code unit} had been used since it was done before
 * @param unit      the task's unit at that time
 */
public record LogEntry(String printerId, String task, Instant at, String actor, String note, double used,
        String unit) {}
