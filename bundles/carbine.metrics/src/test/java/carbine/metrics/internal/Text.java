package carbine.metrics.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/** Renders snapshots the way /metrics does, to assert on the lines a scraper sees. */
final class Text {
    private Text() {}

    static String of(List<? extends MetricSnapshot> snapshots) {
        return of(new MetricSnapshots(List.copyOf(snapshots)));
    }

    static String of(MetricSnapshots snapshots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, snapshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The sample lines (no comments). */
    static List<String> samples(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
