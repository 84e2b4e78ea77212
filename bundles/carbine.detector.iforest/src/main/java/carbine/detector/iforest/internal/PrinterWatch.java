package carbine.detector.iforest.internal;

/** What the detector remembers about one printer between samples. Guarded by its own monitor. */
final class PrinterWatch {
    final FeatureExtractor features;
    /** Consecutive judged samples above the threshold. */
    int overThreshold;
    /** Whether a sample of this printer was judged; before the first, its history is replayed. */
    boolean seen;
    /**
     * Normal-looking observations waiting out the failure horizon before they join the training window (as
     * columns: up to {@code failureHorizonSeconds} of samples per printer).
     */
    final ObservationRing pending = new ObservationRing();

    PrinterWatch(Settings settings) {
        this.features = new FeatureExtractor(settings.rollingSamples(), settings.settleSeconds(), settings.signalField());
    }
}
