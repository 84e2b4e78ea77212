package carbine.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.fleet.PrinterStatus;
import carbine.api.notify.NotifiedAlert;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.mqtt.internal.Discovery.Entity;

/**
 * The discovery topics and payloads against Home Assistant's MQTT discovery documentation
 * (home-assistant/home-assistant.io {@code source/_integrations/mqtt.markdown}: "Discovery topic", "Single component
 * discovery payload", "Using Availability topics"; {@code sensor.mqtt.markdown}, {@code binary_sensor.mqtt.markdown}).
 */
class DiscoveryTest {
    static final Instant T = Instant.parse("2026-12-05T10:00:00Z");
    final Discovery discovery = new Discovery("carbine", "homeassistant", "0.1.0");

    static PrinterStatus printing(String id) {
        return new PrinterStatus(id, "simulator", "carbine.simulator 0.1.0", true,
                TelemetrySample.builder(id, T, PrinterState.PRINTING).nozzle(209.96, 210.0).bed(60.04, 60.0)
                        .progress(42.25).build(), 0, null, T);
    }

    static NotifiedAlert alert(String id, String printer, Severity severity, Instant time) {
        return new NotifiedAlert(id, printer, "rules", "OVERHEAT", severity, "nozzle 231 °C above 210", AlertState.ACTIVE,
                time);
    }

    @Test
    void topicsFollowTheDocumentedShape() {
        // <discovery_prefix>/<component>/[<node_id>/]<object_id>/config
        assertThat(discovery.configTopic(Entity.NOZZLE_TEMPERATURE, "printer-1"))
                .isEqualTo("homeassistant/sensor/carbine_printer-1/nozzle_temperature/config");
        assertThat(discovery.configTopic(Entity.PROBLEM, "printer-1"))
                .isEqualTo("homeassistant/binary_sensor/carbine_printer-1/problem/config");
        assertThat(discovery.availabilityTopic()).isEqualTo("carbine/status");
        assertThat(discovery.homeAssistantStatusTopic()).isEqualTo("homeassistant/status");
        assertThat(discovery.stateTopic("printer-1")).isEqualTo("carbine/printer-1/state");
        assertThat(discovery.alertsTopic("printer-1")).isEqualTo("carbine/printer-1/alerts");
        for (Entity e : Entity.values()) {
            String[] levels = discovery.configTopic(e, "lab 3/printer.7#").split("/");
            assertThat(levels).hasSize(5);
            // node and object id: "must only consist of characters from the character class [a-zA-Z0-9_-]"
            assertThat(levels[2]).matches("[a-zA-Z0-9_-]+");
            assertThat(levels[3]).matches("[a-zA-Z0-9_-]+");
        }
    }

    @Test
    void idsStayDistinctWhenCharactersAreReplaced() {
        assertThat(Discovery.id("farm-0001")).isEqualTo("farm-0001");
        assertThat(Discovery.id("a.b")).startsWith("a_b_").isNotEqualTo(Discovery.id("a_b"))
                .isNotEqualTo(Discovery.id("a b")).matches("[a-zA-Z0-9_-]+");
        assertThat(Discovery.id("")).matches("_[0-9a-f]{8}");
        assertThat(new Discovery("farm/hall 2", "ha", "1").deviceId("p")).isEqualTo(Discovery.id("farm/hall 2") + "_p");
    }

    @Test
    void everyConfigHasWhatHomeAssistantNeeds() {
        PrinterStatus p = printing("printer-1");
        List<String> uniqueIds = new ArrayList<>();
        for (Entity e : Entity.values()) {
            JsonObject c = JsonParser.parseString(discovery.config(e, p)).getAsJsonObject();
            // state_topic is required for sensor and binary_sensor
            assertThat(c.get("state_topic").getAsString()).isEqualTo("carbine/printer-1/state");
            uniqueIds.add(c.get("unique_id").getAsString());
            // a device mapping "only works through MQTT discovery and when unique_id is set"; identifiers tie the
            // entities of one printer to one device
            JsonObject device = c.getAsJsonObject("device");
            assertThat(device.getAsJsonArray("identifiers").get(0).getAsString()).isEqualTo("carbine_printer-1");
            assertThat(device.get("name").getAsString()).isEqualTo("printer-1");
            assertThat(device.get("model").getAsString()).isEqualTo("simulator");
            assertThat(c.getAsJsonObject("origin").get("name").getAsString()).isEqualTo("Carbine");
            JsonArray availability = c.getAsJsonArray("availability");
            assertThat(availability).hasSize(1);
            JsonObject a = availability.get(0).getAsJsonObject();
            assertThat(a.get("topic").getAsString()).isEqualTo("carbine/status");
            assertThat(a.get("payload_available").getAsString()).isEqualTo("online");
            assertThat(a.get("payload_not_available").getAsString()).isEqualTo("offline");
            assertThat(c.has("availability_topic")).as("availability and availability_topic exclude each other")
                    .isFalse();
            assertThat(c.get("name").getAsString()).isNotBlank();
            assertThat(c.get("value_template").getAsString()).matches("\\{\\{ value_json\\.[a-z_]+ }}");
        }
        assertThat(uniqueIds).doesNotHaveDuplicates().allMatch(id -> id.startsWith("carbine_printer-1_"));

        JsonObject nozzle = config(Entity.NOZZLE_TEMPERATURE, p);
        assertThat(nozzle.get("device_class").getAsString()).isEqualTo("temperature");
        assertThat(nozzle.get("unit_of_measurement").getAsString()).isEqualTo("°C");
        assertThat(nozzle.get("state_class").getAsString()).isEqualTo("measurement");
        assertThat(config(Entity.BED_TEMPERATURE, p).get("value_template").getAsString())
                .isEqualTo("{{ value_json.bed }}");
        assertThat(config(Entity.PROGRESS, p).get("unit_of_measurement").getAsString()).isEqualTo("%");

        // an enum sensor lists its options and has neither state_class nor unit ("cannot be used together")
        JsonObject state = config(Entity.STATE, p);
        assertThat(state.get("device_class").getAsString()).isEqualTo("enum");
        assertThat(state.getAsJsonArray("options").asList().stream().map(o -> o.getAsString()))
                .containsExactly("IDLE", "PRINTING", "PAUSED", "ERROR", "OFFLINE");
        assertThat(state.has("state_class") || state.has("unit_of_measurement")).isFalse();

        JsonObject problem = config(Entity.PROBLEM, p);
        assertThat(problem.get("device_class").getAsString()).isEqualTo("problem");
        assertThat(problem.get("payload_on").getAsString()).isEqualTo("ON");
        assertThat(problem.get("payload_off").getAsString()).isEqualTo("OFF");
        assertThat(problem.get("json_attributes_topic").getAsString()).isEqualTo("carbine/printer-1/alerts");
        assertThat(config(Entity.ALERTS, p).get("json_attributes_topic").getAsString())
                .isEqualTo("carbine/printer-1/alerts");
    }

    private JsonObject config(Entity e, PrinterStatus p) {
        return JsonParser.parseString(discovery.config(e, p)).getAsJsonObject();
    }

    @Test
    void stateOfAPrintingPrinter() {
        JsonObject s = JsonParser.parseString(Discovery.state(printing("printer-1"), List.of())).getAsJsonObject();
        assertThat(s.get("state").getAsString()).isEqualTo("PRINTING");
        assertThat(s.get("online").getAsBoolean()).isTrue();
        assertThat(s.get("problem").getAsString()).isEqualTo("OFF");
        assertThat(s.get("alerts").getAsInt()).isZero();
        assertThat(s.get("nozzle").getAsDouble()).isEqualTo(210.0);
        assertThat(s.get("bed").getAsDouble()).isEqualTo(60.0);
        assertThat(s.get("progress").getAsDouble()).isEqualTo(42.3);
        assertThat(s.get("nozzle_target").getAsDouble()).isEqualTo(210.0);
        assertThat(s.get("error").isJsonNull()).isTrue();
    }

    @Test
    void unknownValuesAreNullSoThatTheTemplateRendersNone() {
        PrinterStatus noBed = new PrinterStatus("p", "d", "b", true,
                TelemetrySample.builder("p", T, PrinterState.IDLE).nozzle(25.0, 0.0).build(), 0, null, T);
        JsonObject s = JsonParser.parseString(Discovery.state(noBed, List.of())).getAsJsonObject();
        assertThat(s.has("bed")).as("present, as null: an absent key would render empty and be ignored").isTrue();
        assertThat(s.get("bed").isJsonNull()).isTrue();
        assertThat(s.get("progress").isJsonNull()).isTrue();

        PrinterStatus noSampleYet = new PrinterStatus("p", "d", "b", true, null, 0, null, null);
        JsonObject first = JsonParser.parseString(Discovery.state(noSampleYet, List.of())).getAsJsonObject();
        assertThat(first.get("state").isJsonNull()).isTrue();
        assertThat(first.get("problem").getAsString()).isEqualTo("OFF");
    }

    @Test
    void anOfflinePrinterIsOfflineWithUnknownReadingsAndAProblem() {
        PrinterStatus offline = new PrinterStatus("p", "d", "b", false, printing("p").latest(), 3,
                "connection refused", T);
        JsonObject s = JsonParser.parseString(Discovery.state(offline, List.of())).getAsJsonObject();
        assertThat(s.get("state").getAsString()).isEqualTo("OFFLINE");
        assertThat(s.get("nozzle").isJsonNull()).as("the last good sample is old").isTrue();
        assertThat(s.get("problem").getAsString()).isEqualTo("ON");
        assertThat(s.get("error").getAsString()).isEqualTo("connection refused");
    }

    @Test
    void problemComesFromErrorsAndFromAlertsOfWarningAndAbove() {
        PrinterStatus ok = printing("p");
        assertThat(Discovery.problem(ok, List.of())).isFalse();
        assertThat(Discovery.problem(ok, List.of(alert("a1", "p", Severity.INFO, T)))).isFalse();
        assertThat(Discovery.problem(ok, List.of(alert("a1", "p", Severity.WARNING, T)))).isTrue();
        assertThat(Discovery.problem(ok, List.of(alert("a1", "p", Severity.CRITICAL, T)))).isTrue();
        PrinterStatus error = new PrinterStatus("p", "d", "b", true,
                TelemetrySample.builder("p", T, PrinterState.ERROR).error("heater fault").build(), 0, null, T);
        assertThat(Discovery.problem(error, List.of())).isTrue();
        JsonObject s = JsonParser.parseString(Discovery.state(error, List.of())).getAsJsonObject();
        assertThat(s.get("state").getAsString()).isEqualTo("ERROR");
        assertThat(s.get("error").getAsString()).isEqualTo("heater fault");
        assertThat(Discovery.essence(error, List.of())).isNotEqualTo(Discovery.essence(ok, List.of()));
    }

    @Test
    void alertsAreListedNewestFirstUpToTwenty() {
        List<NotifiedAlert> open = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            open.add(alert(String.format("a%02d", i), "p", Severity.WARNING, T.minusSeconds(i)));
        }
        JsonObject j = JsonParser.parseString(Discovery.alerts(open)).getAsJsonObject();
        assertThat(j.get("count").getAsInt()).isEqualTo(25);
        assertThat(j.getAsJsonArray("alerts")).hasSize(20);
        assertThat(j.get("more").getAsInt()).isEqualTo(5);
        JsonObject first = j.getAsJsonArray("alerts").get(0).getAsJsonObject();
        assertThat(first.get("id").getAsString()).isEqualTo("a00");
        assertThat(first.get("kind").getAsString()).isEqualTo("OVERHEAT");
        assertThat(first.get("severity").getAsString()).isEqualTo("WARNING");
        assertThat(first.get("time").getAsString()).isEqualTo(T.toString());

        JsonObject none = JsonParser.parseString(Discovery.alerts(List.of())).getAsJsonObject();
        assertThat(none.get("count").getAsInt()).isZero();
        assertThat(none.getAsJsonArray("alerts")).isEmpty();
        assertThat(none.has("more")).isFalse();
    }

    @Test
    void settingsAreValidatedWithoutEverNamingThePassword() {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Object> p = new HashMap<>(Map.of("url", "tcp://broker.local:1883", "username", "carbine",
                "password", "s3cret-pw", "intervalMillis", "soon", "maxMessagesPerSecond", 0));
        Settings s = Settings.read(p, errors, warnings::add);
        assertThat(errors).isEmpty();
        assertThat(s.topicPrefix()).isEqualTo("carbine");
        assertThat(s.discoveryPrefix()).isEqualTo("homeassistant");
        assertThat(s.intervalMillis()).isEqualTo(Settings.DEFAULT_INTERVAL_MILLIS);
        assertThat(s.maxMessagesPerSecond()).isEqualTo(Settings.DEFAULT_MAX_MESSAGES_PER_SECOND);
        assertThat(warnings).containsExactlyInAnyOrder(
                "property intervalMillis = 'soon' is invalid (not a whole number); using the default 1000",
                "property maxMessagesPerSecond = '0' is invalid (at least 1); using the default 200");
        assertThat(s.toString()).doesNotContain("s3cret-pw").contains("****");

        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of(),
                Map.of("url", "http://broker:1883"), Map.of("url", "tcp://carbine:s3cret-pw@broker:1883"),
                Map.of("url", "tcp://broker:1883", "topicPrefix", "carbine/#"),
                Map.of("url", "tcp://broker:1883", "discoveryPrefix", "/homeassistant"),
                Map.of("url", "tcp://broker:1883", "password", "s3cret-pw"))) {
            List<String> e = new ArrayList<>();
            assertThat(Settings.read(bad, e, warnings::add)).as("%s", bad.keySet()).isNull();
            assertThat(e).hasSize(1).allSatisfy(line -> assertThat(line).startsWith("property ")
                    .doesNotContain("s3cret-pw"));
        }
    }
}
