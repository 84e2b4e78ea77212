package carbine.poller.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import carbine.api.detector.SampleHistory;
import carbine.api.telemetry.TelemetrySample;

/** The newest samples of one printer, oldest first, at most {@code capacity}. Not thread-safe: guarded by the printer's lock. */
final class SampleRing {
    private TelemetrySample[] items;
    private int start;
    private int size;

    SampleRing(int capacity) {
        items = new TelemetrySample[capacity];
    }

    int capacity() { return items.length; }
    int size() { return size; }

    void add(TelemetrySample sample) {
        if (size == items.length) {
            items[start] = sample;
            start = (start + 1) % items.length;
        } else {
            items[(start + size) % items.length] = sample;
            size++;
        }
    }

    /** Changes the capacity, keeping the newest samples. */
    void resize(int capacity) {
        TelemetrySample[] all = toArray();
        int keep = Math.min(all.length, capacity);
        items = Arrays.copyOfRange(all, all.length - keep, all.length + capacity - keep);
        start = 0;
        size = keep;
    }

    TelemetrySample newest() {
        return size == 0 ? null : items[(start + size - 1) % items.length];
    }

    List<TelemetrySample> toList() {
        return Collections.unmodifiableList(Arrays.asList(toArray()));
    }

    /**
     * The history handed to detectors for one sample. The list is copied only if a detector asks for it, once
     * per sample; it is valid while the detectors judge that sample.
     */
    SampleHistory view() {
        return new SampleHistory() {
            private List<TelemetrySample> samples;

            @Override
            public List<TelemetrySample> samples() {
                if (samples == null) {
                    samples = toList();
                }
                return samples;
            }

            @Override
            public TelemetrySample previous() {
                return samples != null ? (samples.isEmpty() ? null : samples.get(samples.size() - 1)) : newest();
            }
        };
    }

    private TelemetrySample[] toArray() {
        TelemetrySample[] out = new TelemetrySample[size];
        for (int i = 0; i < size; i++) {
            out[i] = items[(start + i) % items.length];
        }
        return out;
    }
}
