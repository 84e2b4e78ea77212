package carbine.driver.replay.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How far the replay of one printer has come, for the evaluation recorder in this bundle. Registered as a service
 * next to the {@code PrinterDriver} by the same object; the package is not exported, so only this bundle sees it.
 * Service property {@code carbine.driver.replay.printer} = the printer id.
 */
interface ReplayProgress {
    String printerId();

    Path file();

    /** Why the file cannot be replayed, if it cannot; such a replay is {@link #finished()} at once. */
    Optional<String> failure();

    /** True once the last row has been handed to the poller (never, when looping). */
    boolean finished();

    /** Usable rows in the file. */
    int rows();

    /** Rows handed to the poller so far (counting every pass when looping). */
    long replayed();

    /** Rows that could not be read and are not replayed. */
    int skipped();

    /** Rows whose repeated or backward timestamp was moved to 1 ms after the previous row. */
    int moved();

    /** Event time of the last row handed to the poller, if any. */
    Optional<Instant> lastEventTime();

    /** Event time of the row handed out next, if there is one (the replay's clock for an evaluation). */
    default Optional<Instant> nextEventTime() {
        return Optional.empty();
    }

    /** The 0-based data row of the file whose sample has this event time, if one has. */
    OptionalInt row(Instant eventTime);

    /**
     * Where the file's printer went into ERROR (a Klipper shutdown, say): every ERROR row whose previous row is not
     * ERROR, oldest first. Empty for a file without ERROR rows.
     */
    default List<ErrorOnset> errorOnsets() {
        return List.of();
    }

    /**
     * @param time  event time of the first ERROR row
     * @param row   its 0-based data row (for a klippy.log: its line index)
     * @param error its error text, or null
     */
    record ErrorOnset(Instant time, int row, String error) {}
}
