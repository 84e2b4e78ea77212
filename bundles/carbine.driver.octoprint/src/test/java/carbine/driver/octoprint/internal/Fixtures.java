package carbine.driver.octoprint.internal;

/** Answers as OctoPrint documents them (OctoPrint/OctoPrint, dev branch, June 2026). */
final class Fixtures {
    /** docs/api/printer.rst, "Retrieve the current printer state", example 1 (pre-2.0 tab): with history. */
    static final String PRINTER_WITH_HISTORY = """
            {
              "temperature": {
                "tool0": {"actual": 214.8821, "target": 220.0, "offset": 0},
                "tool1": {"actual": 25.3, "target": null, "offset": 0},
                "bed": {"actual": 50.221, "target": 70.0, "offset": 5},
                "history": [
                  {"time": 1395651928, "tool0": {"actual": 214.8821, "target": 220.0},
                   "tool1": {"actual": 25.3, "target": null}, "bed": {"actual": 50.221, "target": 70.0}},
                  {"time": 1395651926, "tool0": {"actual": 212.32, "target": 220.0},
                   "tool1": {"actual": 25.1, "target": null}, "bed": {"actual": 49.1123, "target": 70.0}}
                ]
              },
              "sd": {"ready": true},
              "state": {
                "text": "Operational",
                "flags": {"operational": true, "paused": false, "printing": false, "cancelling": false,
                  "pausing": false, "sdReady": true, "error": false, "ready": true, "closedOrError": false}
              }
            }
            """;

    /** The same example in the 2.0 tab: {@code storage} instead of {@code sd}. */
    static final String PRINTER_V2 = PRINTER_WITH_HISTORY.replace("\"sd\"", "\"storage\"");

    /** docs/api/printer.rst, example 2: {@code exclude=temperature,sd}. */
    static final String PRINTER_WITHOUT_TEMPERATURE = """
            {"state": {"text": "Operational", "flags": {"operational": true, "paused": false, "printing": false,
              "cancelling": false, "pausing": false, "sdReady": true, "error": false, "ready": true,
              "closedOrError": false}}}
            """;

    /** docs/api/job.rst, "Retrieve information about the current job", pre-2.0 tab. */
    static final String JOB_PRINTING = """
            {
              "job": {
                "file": {"name": "whistle_v2.gcode", "origin": "local", "size": 1468987, "date": 1378847754},
                "estimatedPrintTime": 8811,
                "lastPrintTime": null,
                "filament": {"tool0": {"length": 810, "volume": 5.36}},
                "user": "someone"
              },
              "progress": {"completion": 0.2298468264184775, "filepos": 337942, "printTime": 276,
                "printTimeLeft": 912, "printTimeLeftOrigin": "linear"},
              "state": "Printing"
            }
            """;

    /** The 2.0 tab: no {@code lastPrintTime}. */
    static final String JOB_PRINTING_V2 = JOB_PRINTING.replace("\"lastPrintTime\": null,", "");

    /**
     * No job, connection failed: every job value null (schema src/octoprint/schema/api/job.py, all Optional), the
     * state "Offline after error" and {@code error} set (docs/api/job.rst, "Job information response").
     */
    static final String JOB_AFTER_ERROR = """
            {"job": {"file": {"name": null, "path": null, "display": null, "origin": null, "size": null, "date": null},
              "estimatedPrintTime": null, "lastPrintTime": null, "filament": null, "user": null},
             "progress": {"completion": null, "filepos": null, "printTime": null, "printTimeLeft": null,
              "printTimeLeftOrigin": null},
             "state": "Offline after error",
             "error": "Too many consecutive timeouts, printer still connected and alive?"}
            """;

    private Fixtures() {}
}
