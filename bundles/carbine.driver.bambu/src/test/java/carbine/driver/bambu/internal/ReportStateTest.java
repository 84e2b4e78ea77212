package carbine.driver.bambu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Deltas merged into the last full state (ha-bambulab: a key left out keeps its value), within bounds. */
class ReportStateTest {
    static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    @Test
    void aDeltaChangesOnlyWhatItCarries() {
        ReportState state = new ReportState();
        state.merge(json("{\"nozzle_temper\":24.5,\"bed_temper\":23.0,\"gcode_state\":\"IDLE\","
                + "\"upgrade_state\":{\"status\":\"IDLE\",\"progress\":\"0\"},\"hms\":[{\"attr\":1,\"code\":2}]}"));
        state.merge(json("{\"nozzle_temper\":180.0,\"upgrade_state\":{\"progress\":\"5\"},\"hms\":[]}"));
        assertThat(state.print()).isEqualTo(json("{\"nozzle_temper\":180.0,\"bed_temper\":23.0,"
                + "\"gcode_state\":\"IDLE\",\"upgrade_state\":{\"status\":\"IDLE\",\"progress\":\"5\"},\"hms\":[]}"));
    }

    @Test
    void nestedObjectsMergeKeyByKeyAndAValueMayChangeItsShape() {
        ReportState state = new ReportState();
        state.merge(json("{\"device\":{\"bed\":{\"info\":{\"temp\":1},\"state\":2},\"extruder\":{\"state\":2}}}"));
        state.merge(json("{\"device\":{\"bed\":{\"info\":{\"temp\":3}}}}"));
        state.merge(json("{\"device\":{\"extruder\":7}}"));
        assertThat(state.print()).isEqualTo(json(
                "{\"device\":{\"bed\":{\"info\":{\"temp\":3},\"state\":2},\"extruder\":7}}"));
        assertThat(state.nodes()).isEqualTo(6);
    }

    @Test
    void theStateStaysWithinItsBoundsWhileKnownKeysKeepUpdating() {
        ReportState state = new ReportState();
        state.merge(json("{\"nozzle_temper\":24.5}"));
        for (int round = 0; round < 5; round++) {
            StringBuilder many = new StringBuilder("{");
            for (int i = 0; i < 10_000; i++) {
                many.append("\"k").append(round).append('_').append(i).append("\":").append(i).append(',');
            }
            many.append("\"nozzle_temper\":").append(100 + round).append('}');
            state.merge(json(many.toString()));
        }
        assertThat(state.nodes()).isLessThanOrEqualTo(ReportState.MAX_NODES);
        assertThat(state.refused()).isGreaterThan(0);
        assertThat(state.print().get("nozzle_temper").getAsDouble()).isEqualTo(104.0);
    }

    @Test
    void tooDeepIsRefused() {
        ReportState state = new ReportState();
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        assertThat(state.merge(json(deep))).isEqualTo(1);
        assertThat(state.isEmpty()).isTrue();
    }
}
