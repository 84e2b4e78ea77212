package carbine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.fleet.PrinterStatus;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class StatusFileTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant GENERATED = Instant.parse("2026-11-24T10:05:00Z");

    @TempDir
    Path dir;

    private static Status status(long cycle) {
        TelemetrySample sample = TelemetrySample.builder("mk4-1", T0, PrinterState.PRINTING).nozzle(215.2, 215.0)
                .bed(60.1, 60.0).heaterPower(0.42).fan(1.0, null).filamentDetected(true).progress(37.5).build();
        List<PrinterStatus> printers = List.of(
                new PrinterStatus("mk4-1", "sim", "carbine.simulator 0.1.0", true, sample, 0, null, GENERATED),
                new PrinterStatus("x1c-2", "bambu", "carbine.bambu 0.1.0", false, null, 4, "connection refused",
                        GENERATED));
        List<Alert> alerts = List.of(
                new Alert("0123456789ab", "x1c-2", "poller", "OFFLINE", Severity.CRITICAL, "no answer", T0,
                        T0.plusSeconds(30), 7, Double.NaN, AlertState.ACTIVE, null),
                new Alert("ba9876543210", "mk4-1", "iforest", "ANOMALY", Severity.WARNING, "unusual", T0, T0, 1, 0.71,
                        AlertState.ACKNOWLEDGED, null));
        return new Status(GENERATED, cycle, printers, alerts);
    }

    private JsonObject read(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @Test
    void containsTheFleetAndTheOpenAlertsInCommonNames() throws Exception {
        StatusFile statusFile = new StatusFile(dir.resolve("status.json"), new StatusJson());
        statusFile.write(status(42));

        JsonObject json = read(statusFile.file());
        assertThat(json.get("generated").getAsString()).isEqualTo("2026-11-24T10:05:00Z");
        assertThat(json.get("cycle").getAsLong()).isEqualTo(42);

        JsonArray printers = json.getAsJsonArray("printers");
        JsonObject mk4 = printers.get(0).getAsJsonObject();
        assertThat(mk4.keySet()).containsExactlyInAnyOrder("printer_id", "driver", "online", "consecutive_failures",
                "latest");
        assertThat(mk4.get("printer_id").getAsString()).isEqualTo("mk4-1");
        assertThat(mk4.get("driver").getAsString()).isEqualTo("sim");
        assertThat(mk4.get("online").getAsBoolean()).isTrue();
        assertThat(mk4.get("consecutive_failures").getAsInt()).isZero();
        JsonObject latest = mk4.getAsJsonObject("latest");
        assertThat(latest.keySet()).containsExactlyInAnyOrder("printer_id", "time", "state", "nozzle_actual",
                "nozzle_target", "bed_actual", "bed_target", "heater_power", "fan_speed", "filament_detected",
                "progress"); // absent fan_rpm, filament_moving, error are left out, not 0
        assertThat(latest.get("time").getAsString()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(latest.get("state").getAsString()).isEqualTo("PRINTING");
        assertThat(latest.get("nozzle_actual").getAsDouble()).isEqualTo(215.2);
        assertThat(latest.get("heater_power").getAsDouble()).isEqualTo(0.42);
        assertThat(latest.get("filament_detected").getAsBoolean()).isTrue();

        JsonObject x1c = printers.get(1).getAsJsonObject();
        assertThat(x1c.get("online").getAsBoolean()).isFalse();
        assertThat(x1c.get("consecutive_failures").getAsInt()).isEqualTo(4);
        assertThat(x1c.get("last_error").getAsString()).isEqualTo("connection refused");
        assertThat(x1c.has("latest")).isFalse();

        JsonArray alerts = json.getAsJsonArray("alerts");
        JsonObject offline = alerts.get(0).getAsJsonObject();
        assertThat(offline.keySet()).containsExactlyInAnyOrder("id", "printer_id", "detector", "kind", "severity",
                "state", "message", "first_seen", "last_seen", "count"); // NaN score left out
        assertThat(offline.get("id").getAsString()).isEqualTo("0123456789ab");
        assertThat(offline.get("detector").getAsString()).isEqualTo("poller");
        assertThat(offline.get("kind").getAsString()).isEqualTo("OFFLINE");
        assertThat(offline.get("severity").getAsString()).isEqualTo("CRITICAL");
        assertThat(offline.get("state").getAsString()).isEqualTo("ACTIVE");
        assertThat(offline.get("last_seen").getAsString()).isEqualTo("2026-11-24T10:00:30Z");
        assertThat(offline.get("count").getAsLong()).isEqualTo(7);
        assertThat(alerts.get(1).getAsJsonObject().get("score").getAsDouble()).isEqualTo(0.71);
        assertThat(alerts.get(1).getAsJsonObject().get("state").getAsString()).isEqualTo("ACKNOWLEDGED");
    }

    @Test
    void eachWriteReplacesTheFileAndLeavesNoTemporaryFiles() throws Exception {
        StatusFile statusFile = new StatusFile(dir.resolve("status.json"), new StatusJson());
        statusFile.write(status(1));
        statusFile.write(status(2));

        assertThat(read(statusFile.file()).get("cycle").getAsLong()).isEqualTo(2);
        try (var files = Files.list(dir)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("status.json");
        }
    }

    @Test
    void theOldFileStaysIntactWhenSerializationFailsHalfWay() throws Exception {
        Path file = dir.resolve("status.json");
        new StatusFile(file, new StatusJson()).write(status(1));
        String before = Files.readString(file);
        StatusFile failing = new StatusFile(file, (status, out) -> {
            out.write("{\"generated\": \"2026-"); // half a document, then the serializer breaks
            out.flush();
            throw new IllegalStateException("boom");
        });

        assertThatIOException().isThrownBy(() -> failing.write(status(2))).withMessageContaining("boom");

        assertThat(Files.readString(file)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("status.json");
        }
    }

    @Test
    void aFailedWriteIsRetriedOnTheNextCall() throws Exception {
        Path sub = dir.resolve("gone");
        StatusFile statusFile = new StatusFile(sub.resolve("status.json"), new StatusJson());

        assertThatIOException().isThrownBy(() -> statusFile.write(status(1)));
        Files.createDirectory(sub);
        statusFile.write(status(2));

        assertThat(read(statusFile.file()).get("cycle").getAsLong()).isEqualTo(2);
    }

    @Test
    void noAlertsAndNoPrintersAreEmptyLists() throws Exception {
        StatusFile statusFile = new StatusFile(dir.resolve("status.json"), new StatusJson());
        statusFile.write(new Status(GENERATED, 0, List.of(), List.of()));

        JsonObject json = read(statusFile.file());
        assertThat(json.getAsJsonArray("printers")).isEmpty();
        assertThat(json.getAsJsonArray("alerts")).isEmpty();
    }

    @Test
    void aBigFleetIsSummarisedWithThePrintersNeedingAttentionListedFirst() throws Exception {
        List<PrinterStatus> printers = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            TelemetrySample sample = TelemetrySample.builder(String.format("farm-%05d", i), T0,
                    i == 7_777 ? PrinterState.ERROR : PrinterState.PRINTING).nozzle(215.0, 215.0).build();
            boolean online = i != 9_999;
            printers.add(new PrinterStatus(sample.printerId(), "sim", "carbine.simulator 0.1.0", online,
                    online ? sample : null, online ? 0 : 3, online ? null : "connection refused", GENERATED));
        }
        List<Alert> alerts = List.of(new Alert("0123456789ab", "farm-05000", "rules", "OVERHEAT", Severity.WARNING,
                "hot", T0, T0, 1, Double.NaN, AlertState.ACTIVE, null));
        StatusJson json = new StatusJson(100, 1000);
        StatusFile statusFile = new StatusFile(dir.resolve("status.json"), json);
        Status status = new Status(GENERATED, 9, printers, alerts);
        assertThat(json.truncates(status)).isTrue();
        statusFile.write(status);

        assertThat(Files.size(statusFile.file())).as("bytes").isLessThan(100_000);
        JsonObject read = read(statusFile.file());
        JsonObject summary = read.getAsJsonObject("summary");
        assertThat(summary.get("printers").getAsInt()).isEqualTo(10_000);
        assertThat(summary.get("online").getAsInt()).isEqualTo(9_999);
        assertThat(summary.get("offline").getAsInt()).isEqualTo(1);
        assertThat(summary.getAsJsonObject("by_state").get("PRINTING").getAsInt()).isEqualTo(9_998);
        assertThat(summary.getAsJsonObject("by_state").get("ERROR").getAsInt()).isEqualTo(1);
        assertThat(summary.getAsJsonObject("by_state").get("NO_SAMPLE").getAsInt()).isEqualTo(1);
        assertThat(summary.get("open_alerts").getAsInt()).isEqualTo(1);
        assertThat(summary.get("printers_listed").getAsInt()).isEqualTo(100);
        assertThat(summary.get("truncated").getAsBoolean()).isTrue();
        JsonArray listed = read.getAsJsonArray("printers");
        assertThat(listed).hasSize(100);
        List<String> ids = new java.util.ArrayList<>();
        listed.forEach(p -> ids.add(p.getAsJsonObject().get("printer_id").getAsString()));
        assertThat(ids.subList(0, 3)).as("offline, in error and alerting first, in fleet order")
                .containsExactly("farm-05000", "farm-07777", "farm-09999");
        assertThat(ids.get(3)).isEqualTo("farm-00000");
    }

    @Test
    void aSmallFleetIsListedWholeWithItsSummary() throws Exception {
        StatusFile statusFile = new StatusFile(dir.resolve("status.json"), new StatusJson());
        statusFile.write(status(3));
        JsonObject summary = read(statusFile.file()).getAsJsonObject("summary");
        assertThat(summary.get("printers").getAsInt()).isEqualTo(2);
        assertThat(summary.get("printers_listed").getAsInt()).isEqualTo(2);
        assertThat(summary.get("truncated").getAsBoolean()).isFalse();
        assertThat(summary.getAsJsonObject("alerts_by_severity").get("CRITICAL").getAsInt()).isEqualTo(1);
    }
}
