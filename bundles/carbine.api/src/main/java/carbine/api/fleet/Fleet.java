package carbine.api.fleet;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The printers being polled. Implemented by the poller. */
@ProviderType
public interface Fleet {
    /** Every printer of every registered driver, sorted by id. */
    List<PrinterStatus> printers();

    Optional<PrinterStatus> printer(String printerId);

    /** Number of completed poll cycles since the poller started. */
    long cycles();
}
