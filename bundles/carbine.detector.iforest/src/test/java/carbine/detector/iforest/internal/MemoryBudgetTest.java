package carbine.detector.iforest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What the detector keeps per printer with the defaults (a printer with all 7 features, 100 trees of 256 rows,
 * window 2000, 600 samples waiting out the failure horizon) stays within a budget: model ≤ 560 kB, observations
 * ≤ 220 kB, together ≤ 780 kB (1,000 printers ≤ 780 MB; with the 4 core features only about 460 kB). Measured on
 * the heap ({@link Footprint}): 518 kB + 149 kB + 47 kB; with Smile's tree objects and an object per observation
 * it was 1.72 MB + 364 kB + 109 kB, and a 1.31 MB file instead of 524 kB (BENCHMARKS.md, iforest, "Memory").
 */
class MemoryBudgetTest {
    static final long MODEL_BUDGET = 560_000;
    static final long OBSERVATIONS_BUDGET = 220_000;
    static final long FILE_BUDGET = 560_000;

    @Test
    void aPrintersModelAndObservationsStayWithinTheBudget() throws Exception {
        Footprint.Bytes bytes = Footprint.measure(20);

        assertThat(bytes.model()).as("model, %s", bytes).isPositive().isLessThanOrEqualTo(MODEL_BUDGET);
        assertThat(bytes.window() + bytes.pending()).as("observations, %s", bytes).isPositive()
                .isLessThanOrEqualTo(OBSERVATIONS_BUDGET);
        assertThat(bytes.file()).as("model file, %s", bytes).isLessThanOrEqualTo(FILE_BUDGET);
    }
}
