package carbine.poller.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decides which driver polls which printer. A printer id served by two drivers is polled through the first
 * by priority (ranking, then service id); the conflict is logged once when it appears and once when it is gone.
 */
final class PrinterAssignment {
    /** The driver a printer is polled through; {@code listingError} if its driver could not list printers this tick. */
    record Assigned(DriverEntry driver, String listingError) {}

    private final PollerLog log;
    private Set<String> knownConflicts = new HashSet<>();

    PrinterAssignment(PollerLog log) {
        this.log = log;
    }

    /** @param listings in driver priority order; called by the tick thread only */
    Map<String, Assigned> assign(Iterable<DriverLister.Listing> listings) {
        Map<String, Assigned> assigned = new HashMap<>();
        Set<String> conflicts = new HashSet<>();
        for (DriverLister.Listing listing : listings) {
            Assigned mine = new Assigned(listing.driver(), listing.error());
            for (String printerId : listing.printerIds()) {
                Assigned first = assigned.putIfAbsent(printerId, mine);
                if (first != null) {
                    String conflict = printerId + " @ " + listing.driver().serviceId();
                    conflicts.add(conflict);
                    if (!knownConflicts.contains(conflict)) {
                        log.error("printer id {} is served by two drivers, {} and {}; polling it through {} only",
                                printerId, first.driver(), listing.driver(), first.driver().name());
                    }
                }
            }
        }
        for (String gone : knownConflicts) {
            if (!conflicts.contains(gone)) {
                log.info("printer id conflict resolved: {}", gone);
            }
        }
        knownConflicts = conflicts;
        return assigned;
    }
}
