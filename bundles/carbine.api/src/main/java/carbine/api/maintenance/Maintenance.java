package carbine.api.maintenance;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Usage counters, maintenance plans and each printer's maintenance log. Implemented by Carbine. */
@ProviderType
public interface Maintenance {
    /** The counters of one printer; empty if Carbine has never counted a sample of it. */
    Optional<UsageCounters> counters(String printerId);

    /** The counters of every printer counted, sorted by id. */
    List<UsageCounters> counters();

    /** The tasks planned on one printer (those whose printer pattern matches it), sorted by name. */
    List<TaskStatus> tasks(String printerId);

    /** Every task that is due soon or overdue, across all counted printers: overdue first, most used first. */
    List<TaskStatus> due();

    /**
     * Marks a task done on a printer: its usage starts again from now, a log line records who and why, and
     * the printer's maintenance alert no longer names it.
     *
     * @return the log line
     * @throws IllegalArgumentException if the printer was never counted or no such task is planned on it
     */
    LogEntry markDone(String printerId, String task, String actor, String note);

    /** A printer's maintenance log, newest first, at most {@code limit} lines. */
    List<LogEntry> log(String printerId, int limit);
}
