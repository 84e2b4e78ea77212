package carbine.driver.moonraker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The merge of {@code notify_status_update} deltas into the subscribe baseline. Shapes: Moonraker
 * {@code docs/external_api/printer.md} "Subscribe to printer object status updates" (the answer is the full state)
 * and {@code docs/external_api/jsonrpc_notifications.md} "Subscription Updates" (only changed fields per object).
 */
class PrinterObjectsTest {
    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void aDeltaReplacesOnlyTheFieldsItCarries() {
        PrinterObjects objects = new PrinterObjects();
        objects.reset(json("""
                {"extruder": {"temperature": 24.8, "target": 0.0, "power": 0.0},
                 "heater_bed": {"temperature": 23.9, "target": 0.0}}"""));

        objects.merge(json("{\"extruder\": {\"target\": 210.0, \"power\": 1.0}}"));
        objects.merge(json("{\"extruder\": {\"temperature\": 31.2}}"));

        assertThat(objects.copy().get("extruder")).isEqualTo(json(
                "{\"temperature\": 31.2, \"target\": 210.0, \"power\": 1.0}"));
        assertThat(objects.copy().get("heater_bed")).isEqualTo(json("{\"temperature\": 23.9, \"target\": 0.0}"));
    }

    @Test
    void aDeltaMayBringAnObjectTheBaselineLacked() {
        PrinterObjects objects = new PrinterObjects();
        objects.reset(json("{\"extruder\": {\"temperature\": 24.8}}"));

        objects.merge(json("{\"fan\": {\"speed\": 0.5}}"));

        assertThat(objects.copy()).containsOnlyKeys("extruder", "fan");
    }

    @Test
    void aNestedFieldIsReplacedWhole() {
        // print_stats.info is one field: Klipper sends it whole when a part changes
        PrinterObjects objects = new PrinterObjects();
        objects.reset(json("{\"print_stats\": {\"info\": {\"total_layer\": 80, \"current_layer\": 3}}}"));

        objects.merge(json("{\"print_stats\": {\"info\": {\"total_layer\": 80, \"current_layer\": 4}}}"));

        assertThat(objects.copy().get("print_stats").getAsJsonObject("info").get("current_layer").getAsInt())
                .isEqualTo(4);
    }

    @Test
    void aBaselineReplacesEverything() {
        PrinterObjects objects = new PrinterObjects();
        objects.reset(json("{\"extruder\": {\"temperature\": 24.8}, \"fan\": {\"speed\": 1.0}}"));

        objects.reset(json("{\"extruder\": {\"temperature\": 30.0}}"));

        assertThat(objects.copy()).containsOnlyKeys("extruder");
    }

    @Test
    void anEntryThatIsNotAnObjectIsSkippedAndReportedTheRestIsUsed() {
        PrinterObjects objects = new PrinterObjects();
        objects.reset(json("{\"extruder\": {\"temperature\": 24.8}}"));

        var skipped = objects.merge(json("{\"extruder\": 7, \"fan\": {\"speed\": 0.3}}"));

        assertThat(skipped).containsExactly("printer object 'extruder' = 7 is not an object");
        assertThat(objects.copy().get("extruder").get("temperature").getAsDouble()).isEqualTo(24.8);
        assertThat(objects.copy().get("fan").get("speed").getAsDouble()).isEqualTo(0.3);
    }

    @Test
    void aCopyIsNotChangedByLaterDeltas() {
        PrinterObjects objects = new PrinterObjects();
        objects.reset(json("{\"extruder\": {\"temperature\": 24.8}}"));
        var copy = objects.copy();

        objects.merge(json("{\"extruder\": {\"temperature\": 99.0}}"));

        assertThat(copy.get("extruder").get("temperature").getAsDouble()).isEqualTo(24.8);
    }
}
