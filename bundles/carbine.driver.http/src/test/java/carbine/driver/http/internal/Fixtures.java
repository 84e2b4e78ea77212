package carbine.driver.http.internal;

/** Bodies as Carbine's simulator renders them (copied from its README and its SampleJsonTest). */
final class Fixtures {
    /** The example with every field from bundles/carbine.simulator/README.md, "HTTP API". */
    static final String SIMULATOR_README_SAMPLE = """
            {
              "printer_id": "printer-1",
              "time": "2026-11-24T10:15:30.250Z",
              "state": "PRINTING",
              "nozzle_actual": 231.47,
              "nozzle_target": 210.0,
              "bed_actual": 59.88,
              "bed_target": 60.0,
              "heater_power": 0.0,
              "fan_speed": 1.0,
              "fan_rpm": 5987.0,
              "filament_detected": true,
              "filament_moving": true,
              "progress": 41.3
            }
            """;

    /** Exactly what SampleJson.render gives for an idle printer with only its nozzle (SampleJsonTest). */
    static final String SIMULATOR_IDLE_SAMPLE = "{\"printer_id\":\"p\",\"time\":\"2026-11-24T10:15:30.250Z\","
            + "\"state\":\"IDLE\",\"nozzle_actual\":24.9,\"nozzle_target\":0.0}";

    /** Every field, including error, as the simulator renders an ERROR sample. */
    static final String ALL_FIELDS = "{\"printer_id\":\"remote-7\",\"time\":\"2026-11-24T10:15:30.250Z\","
            + "\"state\":\"ERROR\",\"nozzle_actual\":215.5,\"nozzle_target\":210.0,\"bed_actual\":60.1,"
            + "\"bed_target\":60.0,\"heater_power\":0.42,\"fan_speed\":1.0,\"fan_rpm\":5980.0,"
            + "\"filament_detected\":true,\"filament_moving\":false,\"progress\":37.5,"
            + "\"error\":\"MAXTEMP: \\\"hot\\\" <end>\"}";

    private Fixtures() {}
}
