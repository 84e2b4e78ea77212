package carbine.detector.iforest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What the detector keeps per printer with the defaults (7 features, 100 trees of 256 rows, window 2000, 600
 * samples waiting out the failure horizon) stays within a budget, so that 1,000 printers fit in the -Xmx1g of the
 * systemd unit. Measured on the heap ({@link Footprint}); with Smile's tree objects and an object per observation
 * it was 1.84 MB (model) + 366 kB (window) + 109 kB (waiting), a 1.31 MB file (BENCHMARKS.md, iforest, "Memory").
 */
class MemoryBudgetTest {
    static final long MODEL_BUDGET = 750_000;
    static final long OBSERVATIONS_BUDGET = 250_000;
    static final long FILE_BUDGET = 650_000;

    @Test
    void aPrintersModelAndObservationsStayWithinTheBudget() throws Exception {
        Footprint.Bytes bytes = Footprint.measure(20);

        assertThat(bytes.model()).as("model, %s", bytes).isPositive().isLessThanOrEqualTo(MODEL_BUDGET);
        assertThat(bytes.window() + bytes.pending()).as("observations, %s", bytes).isPositive()
                .isLessThanOrEqualTo(OBSERVATIONS_BUDGET);
        assertThat(bytes.file()).as("model file, %s", bytes).isLessThanOrEqualTo(FILE_BUDGET);
    }
}
