package carbine.poller.internal;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import carbine.api.driver.PrinterDriver;

/**
 * One registered driver service. Name and ranking may change while it is registered (service properties
 * modified); its identity is the service id.
 */
public final class DriverEntry {
    /** Who wins a printer id served by two drivers: higher service ranking, then the older service. */
    static final Comparator<DriverEntry> PRIORITY = Comparator.comparingInt(DriverEntry::ranking).reversed()
            .thenComparingLong(DriverEntry::serviceId);

    private final long serviceId;
    private final PrinterDriver driver;
    private volatile int ranking;
    private volatile String name;
    private volatile String bundle;
    private volatile boolean removed;

    // used by the tick thread only
    CompletableFuture<Set<String>> listingInFlight;
    Set<String> lastPrinterIds = Set.of();

    public DriverEntry(long serviceId, int ranking, String name, String bundle, PrinterDriver driver) {
        this.serviceId = serviceId;
        this.ranking = ranking;
        this.name = name;
        this.bundle = bundle;
        this.driver = driver;
    }

    public long serviceId() { return serviceId; }
    public int ranking() { return ranking; }
    public String name() { return name; }
    public String bundle() { return bundle; }
    public PrinterDriver driver() { return driver; }
    boolean isRemoved() { return removed; }

    void markRemoved() { removed = true; }

    void update(int newRanking, String newName, String newBundle) {
        ranking = newRanking;
        name = newName;
        bundle = newBundle;
    }

    @Override
    public String toString() {
        return "'" + name + "' (service " + serviceId + ", bundle " + bundle + ")";
    }
}
