package carbine.driver.replay.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import carbine.api.alert.Alert;

/**
 * The evaluation output: one JSON object per alert and line, oldest {@code firstSeen} first, in the form
 * {@code tools/nab_scorer.py} reads ({@code ts} = event time of the triggering sample, optional {@code row}).
 */
final class AlertLines {
    // null must be written for a score without value, which Gson leaves out by default
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private AlertLines() {}

    /**
     * The alerts of one printer, oldest first; alerts raised on the same sample by detector and kind (the ids are
     * random: ordered by id, two detectors alerting on one row came out in either order, run after run), then id.
     */
    static List<Alert> ofPrinter(List<Alert> alerts, String printerId) {
        return alerts.stream().filter(a -> a.printerId().equals(printerId))
                .sorted(Comparator.comparing(Alert::firstSeen).thenComparing(Alert::detector)
                        .thenComparing(Alert::kind).thenComparing(Alert::id))
                .toList();
    }

    /** One line, without the line break. */
    static String line(Alert alert, OptionalInt row) {
        JsonObject json = new JsonObject();
        json.addProperty("ts", alert.firstSeen().toString());
        row.ifPresent(r -> json.addProperty("row", r));
        json.addProperty("detector", alert.detector());
        json.addProperty("severity", alert.severity().name());
        json.addProperty("score", Double.isFinite(alert.score()) ? alert.score() : null);
        json.addProperty("printer_id", alert.printerId());
        json.addProperty("kind", alert.kind());
        json.addProperty("message", alert.message());
        return GSON.toJson(json);
    }

    /** Writes the lines to a temporary file next to {@code output}, then moves it into place. */
    static void write(Path output, List<Alert> alerts, Function<Alert, OptionalInt> rows) throws IOException {
        Path directory = output.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        // not Files.createTempFile: its owner-only permissions would pass on to the output
        Path temporary = directory.resolve(output.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (Alert alert : alerts) {
                    writer.write(line(alert, rows.apply(alert)));
                    writer.write('\n');
                }
            }
            try {
                Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
