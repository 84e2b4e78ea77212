package carbine.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.store.FieldStats;
import carbine.api.store.History;
import carbine.api.store.HistoryPoint;
import carbine.api.store.TelemetryField;
import carbine.api.telemetry.PrinterState;
import carbine.runtime.internal.Status;
import carbine.runtime.internal.StatusJson;

class WritingTest {
    static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");

    static Alert alert(AlertState state, Instant resolvedAt, double score) {
        return new Alert("0123456789ab", "printer-1", "rules", "THERMAL_RUNAWAY", Severity.CRITICAL, "nozzle \"hot\" <b>",
                T0, T0.plusSeconds(30), 7, score, state, resolvedAt);
    }

    @Test
    void anAlertReadsAsInStatusJson() {
        for (Alert a : List.of(alert(AlertState.ACTIVE, null, 0.5), alert(AlertState.ACKNOWLEDGED, null, Double.NaN))) {
            JsonObject inStatus = new StatusJson().toJson(new Status(T0, 1, List.of(), List.of(a)))
                    .getAsJsonArray("alerts").get(0).getAsJsonObject();
            assertThat(RestJson.alert(a)).isEqualTo(inStatus);
        }
    }

    @Test
    void aResolvedAlertSaysWhen() {
        JsonObject json = RestJson.alert(alert(AlertState.RESOLVED, T0.plusSeconds(90), 1));
        assertThat(json.get("state").getAsString()).isEqualTo("RESOLVED");
        assertThat(json.get("resolved_at").getAsString()).isEqualTo("2026-12-05T08:01:30Z");
        String text = RestJson.text(RestJson.alerts("resolved", List.of(alert(AlertState.RESOLVED, T0, 1)),
                id -> Optional.empty()));
        assertThat(text).contains("\"count\":1").contains("<b>").doesNotContain("\\u003c");
        assertThat(JsonParser.parseString(text).getAsJsonObject().getAsJsonArray("alerts")).hasSize(1);
    }

    @Test
    void whoAcknowledgedIsAlwaysThere_nullWhenNobodyIsKnown() {
        Alert acked = alert(AlertState.ACKNOWLEDGED, null, 1);
        JsonObject json = RestJson.alert(acked, Optional.of("otto from 10.0.0.5 (api)"));
        assertThat(json.get("acknowledged_by").getAsString()).isEqualTo("otto from 10.0.0.5 (api)");
        JsonObject withoutIt = json.deepCopy();
        withoutIt.remove("acknowledged_by");
        assertThat(withoutIt).as("otherwise as status.json's").isEqualTo(RestJson.alert(acked));

        Map<String, String> recorded = Map.of("0123456789ab", "vera from 10.0.0.6 (dashboard)");
        String text = RestJson.text(RestJson.alerts("open", List.of(acked, alert(AlertState.ACTIVE, null, 1)),
                id -> Optional.ofNullable(recorded.get(id))));
        var listed = JsonParser.parseString(text).getAsJsonObject().getAsJsonArray("alerts");
        assertThat(listed.get(0).getAsJsonObject().get("acknowledged_by").getAsString())
                .isEqualTo("vera from 10.0.0.6 (dashboard)");
        assertThat(text).as("an active alert: nobody, even if the store had a name").contains("\"acknowledged_by\":null");
        assertThat(RestJson.text(RestJson.alerts("open", List.of(acked), id -> Optional.empty())))
                .contains("\"acknowledged_by\":null");
        // only acknowledged_by is written as null: absent values stay absent
        assertThat(text).doesNotContain("resolved_at");
        assertThat(RestJson.text(RestJson.error(400, "m", null))).isEqualTo("{\"status\":400,\"error\":\"m\"}");
        assertThat(RestJson.text(NotifyJson.test("c", new carbine.api.notify.Notifications.TestResult(false, null, 3))))
                .doesNotContain("answer");
    }

    static History history() {
        Map<TelemetryField, FieldStats> fields = new EnumMap<>(TelemetryField.class);
        fields.put(TelemetryField.NOZZLE_ACTUAL, new FieldStats(4, 800, 190, 210, 205.5));
        fields.put(TelemetryField.FAN_RPM, new FieldStats(2, 10, 4, 6, 6));
        HistoryPoint full = new HistoryPoint(T0, T0.plusSeconds(60), 4,
                Map.of(PrinterState.PRINTING, 3L, PrinterState.ERROR, 1L), 1, 0, fields);
        HistoryPoint bare = new HistoryPoint(T0.plusSeconds(60), T0.plusSeconds(120), 1, Map.of(PrinterState.IDLE, 1L),
                0, 1, Map.of());
        return new History("printer-1", T0, T0.plusSeconds(120), History.Resolution.RAW, Duration.ofSeconds(60),
                List.of(full, bare));
    }

    @Test
    void historyJson() {
        JsonObject json = JsonParser.parseString(RestJson.text(RestJson.history(history()))).getAsJsonObject();
        assertThat(json.get("printer_id").getAsString()).isEqualTo("printer-1");
        assertThat(json.get("resolution").getAsString()).isEqualTo("RAW");
        assertThat(json.get("step_seconds").getAsDouble()).isEqualTo(60.0);
        assertThat(json.get("count").getAsInt()).isEqualTo(2);
        JsonObject p = json.getAsJsonArray("points").get(0).getAsJsonObject();
        assertThat(p.get("start").getAsString()).isEqualTo("2026-12-05T08:00:00Z");
        assertThat(p.get("samples").getAsLong()).isEqualTo(4);
        assertThat(p.getAsJsonObject("states").get("ERROR").getAsLong()).isEqualTo(1);
        JsonObject nozzle = p.getAsJsonObject("nozzle_actual");
        assertThat(nozzle.get("mean").getAsDouble()).isEqualTo(200.0);
        assertThat(nozzle.get("min").getAsDouble()).isEqualTo(190.0);
        assertThat(nozzle.get("max").getAsDouble()).isEqualTo(210.0);
        assertThat(nozzle.get("last").getAsDouble()).isEqualTo(205.5);
        assertThat(p.has("bed_actual")).as("absent, not 0").isFalse();
        JsonObject bare = json.getAsJsonArray("points").get(1).getAsJsonObject();
        assertThat(bare.get("filament_out").getAsLong()).isEqualTo(1);
        assertThat(bare.has("nozzle_actual")).isFalse();
    }

    @Test
    void historyCsvHasAHeaderAndOneRowPerPoint() throws Exception {
        StringWriter out = new StringWriter();
        HistoryCsv.write(history(), out);
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(out.toString())).getRecords();
        assertThat(out.toString()).startsWith("start,end,samples,errors,filament_out,nozzle_actual_mean,nozzle_actual_min,"
                + "nozzle_actual_max,nozzle_actual_last,nozzle_target_mean,");
        assertThat(rows).hasSize(2);
        CSVRecord first = rows.get(0);
        assertThat(first.size()).isEqualTo(5 + 4 * TelemetryField.values().length);
        assertThat(first.get("start")).isEqualTo("2026-12-05T08:00:00Z");
        assertThat(first.get("samples")).isEqualTo("4");
        assertThat(first.get("nozzle_actual_mean")).isEqualTo("200.0");
        assertThat(first.get("nozzle_actual_last")).isEqualTo("205.5");
        assertThat(first.get("fan_rpm_max")).isEqualTo("6.0");
        assertThat(first.get("bed_actual_mean")).as("absent: empty cell").isEmpty();
        assertThat(rows.get(1).get("nozzle_actual_mean")).isEmpty();
        assertThat(rows.get(1).get("filament_out")).isEqualTo("1");
    }

    @Test
    void anEmptyHistoryIsJustTheHeader() throws Exception {
        StringWriter out = new StringWriter();
        HistoryCsv.write(new History("p", T0, T0.plusSeconds(1), History.Resolution.RAW, Duration.ofSeconds(1), List.of()), out);
        assertThat(out.toString().split("\r\n")).hasSize(1);
    }
}
