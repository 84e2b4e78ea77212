package carbine.poller.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Asks every driver for its printers, each on a virtual thread, so that a driver whose {@code printerIds()}
 * hangs cannot stall the tick. A driver that throws or does not answer in time keeps its last known printers,
 * which then count a failed poll; a call that never returns is not repeated.
 */
final class DriverLister {
    /** The printers of one driver; {@code error} is set when they are only the last known ones. */
    record Listing(DriverEntry driver, Set<String> printerIds, String error) {}

    private final RateLimitedLog log;
    private final LongSupplier nanoTime;

    DriverLister(RateLimitedLog log) {
        this(log, System::nanoTime);
    }

    DriverLister(RateLimitedLog log, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
    }

    /** Called by the tick thread only. */
    List<Listing> list(List<DriverEntry> drivers, long waitMillis) {
        Set<DriverEntry> stillHanging = new HashSet<>();
        for (DriverEntry driver : drivers) {
            if (driver.listingInFlight == null) {
                driver.listingInFlight = ask(driver);
            } else {
                stillHanging.add(driver);
            }
        }
        // one budget for all drivers, counted in time Carbine could run (its own pauses are not the drivers' fault)
        RunningTimeWait wait = new RunningTimeWait(TimeUnit.MILLISECONDS.toNanos(waitMillis), nanoTime);
        RunningTimeWait none = new RunningTimeWait(0, nanoTime);
        List<Listing> listings = new ArrayList<>(drivers.size());
        for (DriverEntry driver : drivers) {
            // a call still hanging from an earlier tick gets no more waiting time: the tick would pay it every time
            listings.add(collect(driver, stillHanging.contains(driver) ? none : wait, waitMillis));
        }
        return listings;
    }

    private Listing collect(DriverEntry driver, RunningTimeWait wait, long waitMillis) {
        String error;
        try {
            Set<String> ids = wait.get(driver.listingInFlight);
            driver.listingInFlight = null;
            driver.lastPrinterIds = ids;
            return new Listing(driver, ids, null);
        } catch (TimeoutException e) {
            error = "driver " + driver.name() + " did not list its printers within " + waitMillis
                    + " ms (printerIds() has not returned)";
        } catch (ExecutionException e) {
            driver.listingInFlight = null;
            error = "driver " + driver.name() + " failed to list its printers: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted while listing the printers of driver " + driver.name();
        }
        log.error("list:" + driver.serviceId(), "{}; its {} known printers count a failed poll", error,
                driver.lastPrinterIds.size());
        return new Listing(driver, driver.lastPrinterIds, error);
    }

    private static CompletableFuture<Set<String>> ask(DriverEntry driver) {
        CompletableFuture<Set<String>> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("carbine-list " + driver.name()).start(() -> {
            try {
                Set<String> ids = driver.driver().printerIds();
                if (ids == null) {
                    throw new NullPointerException("printerIds() returned null");
                }
                answer.complete(Set.copyOf(ids));
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        });
        return answer;
    }
}
