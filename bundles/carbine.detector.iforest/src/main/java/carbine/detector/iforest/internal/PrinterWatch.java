package carbine.detector.iforest.internal;

/** What the detector remembers about one printer between samples. Guarded by its own monitor. */
final class PrinterWatch {
    final FeatureExtractor features;
    /** Consecutive judged samples above the threshold. */
    int overThreshold;
    /** Whether a sample of this printer was judged; before the first, its history is replayed. */
    boolean seen;

    PrinterWatch(Settings settings) {
        this.features = new FeatureExtractor(settings.rollingSamples(), settings.settleSeconds());
    }
}
