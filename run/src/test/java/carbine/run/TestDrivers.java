package carbine.run;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import carbine.api.alert.Severity;
import carbine.api.detector.Detector;
import carbine.api.detector.Finding;
import carbine.api.detector.SampleHistory;
import carbine.api.driver.PrinterDriver;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/** Hand-made drivers and detectors registered as services by the tests, as a third-party bundle would. */
final class TestDrivers {
    private TestDrivers() {}

    /** A driver of one printer, as most test drivers are. */
    abstract static class OnePrinterDriver implements PrinterDriver {
        final String printerId;

        OnePrinterDriver(String printerId) {
            this.printerId = printerId;
        }

        @Override
        public Set<String> printerIds() {
            return Set.of(printerId);
        }
    }

    /** Answers at once with an idle printer; counts the calls. */
    static final class CountingDriver extends OnePrinterDriver {
        final AtomicInteger calls = new AtomicInteger();

        CountingDriver(String printerId) {
            super(printerId);
        }

        @Override
        public TelemetrySample sample(String id) {
            calls.incrementAndGet();
            return TelemetrySample.builder(id, Instant.now(), PrinterState.IDLE).nozzle(24.5, 0.0).bed(24.0, 0.0).build();
        }
    }

    /** Returns impossible values: NaN, below absolute zero, power 7, progress 150, negative rpm. */
    static final class GarbageDriver extends OnePrinterDriver {

        GarbageDriver(String printerId) {
            super(printerId);
        }

        @Override
        public TelemetrySample sample(String id) {
            return TelemetrySample.builder(id, Instant.now(), PrinterState.PRINTING)
                    .nozzle(Double.NaN, 210.0).bed(-300.0, 60.0).heaterPower(7.0).fan(0.5, -20.0).progress(150.0)
                    .build();
        }
    }

    /** Answers for another printer than the one asked: a misconfigured driver. */
    static final class ForeignIdDriver extends OnePrinterDriver {

        ForeignIdDriver(String printerId) {
            super(printerId);
        }

        @Override
        public TelemetrySample sample(String id) {
            return TelemetrySample.builder("not-" + id, Instant.now(), PrinterState.IDLE).build();
        }
    }

    /** Always fails, as a printer with a broken network would. */
    static final class ThrowingDriver extends OnePrinterDriver {

        ThrowingDriver(String printerId) {
            super(printerId);
        }

        @Override
        public TelemetrySample sample(String id) throws IOException {
            throw new IOException("connection refused (test)");
        }
    }

    /** Never answers and even ignores interrupts, until released. */
    static final class HangingDriver extends OnePrinterDriver {
        final AtomicBoolean released = new AtomicBoolean();

        HangingDriver(String printerId) {
            super(printerId);
        }

        @Override
        public TelemetrySample sample(String id) {
            while (!released.get()) {
                LockSupport.parkNanos(10_000_000);
            }
            return TelemetrySample.builder(id, Instant.now(), PrinterState.IDLE).build();
        }
    }

    /** Throws on every sample: a RuntimeException, or an Error when asked to. */
    static final class ThrowingDetector implements Detector {
        final boolean error;
        final AtomicInteger calls = new AtomicInteger();

        ThrowingDetector(boolean error) {
            this.error = error;
        }

        @Override
        public List<Finding> judge(TelemetrySample sample, SampleHistory history) {
            calls.incrementAndGet();
            if (error) {
                throw new NoClassDefFoundError("carbine/missing/Helper (test)");
            }
            throw new IllegalStateException("detector bug (test)");
        }
    }

    /** Finds "SEEN" in every sample of one printer, and counts. */
    static final class SeeingDetector implements Detector {
        final String printerId;
        final AtomicInteger calls = new AtomicInteger();

        SeeingDetector(String printerId) {
            this.printerId = printerId;
        }

        @Override
        public List<Finding> judge(TelemetrySample sample, SampleHistory history) {
            if (!sample.printerId().equals(printerId)) {
                return List.of();
            }
            calls.incrementAndGet();
            return List.of(Finding.of("SEEN", Severity.INFO, "seen by the test detector"));
        }
    }
}
