package carbine.driver.octoprint.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.octoprint.internal.OctoPrintJson.JobReading;
import carbine.driver.octoprint.internal.OctoPrintJson.PrinterReading;

class OctoPrintJsonTest {
    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

    @Test
    void theDocumentedPrinterStateIsReadAndTheHistoryIgnored() throws Exception {
        PrinterReading printer = OctoPrintJson.printer(Fixtures.PRINTER_WITH_HISTORY);

        // tool1 (a second hotend, cold) is a named sensor; the example has no chamber
        assertThat(printer).isEqualTo(new PrinterReading(PrinterState.IDLE, "Operational", 214.8821, 220.0, 50.221,
                70.0, null, null, Map.of("tool1", 25.3)));
    }

    @Test
    void theTwoZeroShapeGivesTheSameReading() throws Exception {
        assertThat(OctoPrintJson.printer(Fixtures.PRINTER_V2))
                .isEqualTo(OctoPrintJson.printer(Fixtures.PRINTER_WITH_HISTORY));
        assertThat(OctoPrintJson.job(Fixtures.JOB_PRINTING_V2)).isEqualTo(OctoPrintJson.job(Fixtures.JOB_PRINTING));
    }

    @Test
    void excludedOrMissingTemperaturesStayAbsent() throws Exception {
        PrinterReading printer = OctoPrintJson.printer(Fixtures.PRINTER_WITHOUT_TEMPERATURE);
        assertThat(printer.nozzleActual()).isNull();
        assertThat(printer.bedActual()).isNull();

        // datamodel.rst "Temperature Data": target "may be null if no target temperature is set"; no bed in the profile
        PrinterReading noBed = OctoPrintJson.printer("{\"temperature\":{\"tool0\":{\"actual\":25.0,\"target\":null}},"
                + "\"state\":{\"text\":\"Operational\",\"flags\":{\"operational\":true}}}");
        assertThat(noBed).isEqualTo(new PrinterReading(PrinterState.IDLE, "Operational", 25.0, null, null, null, null,
                null, Map.of()));
    }

    // datamodel.rst "Printer State"; resuming and finishing as src/octoprint/printer/standard.py _get_state_flags sends
    @ParameterizedTest
    @CsvSource({
            "operational, IDLE", "ready, IDLE", "printing, PRINTING", "pausing, PRINTING", "cancelling, PRINTING",
            "resuming, PRINTING", "finishing, PRINTING", "paused, PAUSED", "error, ERROR", "closedOrError, ERROR" })
    void flagsMapToStates(String flag, PrinterState expected) throws Exception {
        String body = "{\"state\":{\"text\":\"x\",\"flags\":{\"operational\":true,\"" + flag + "\":true}}}";

        assertThat(OctoPrintJson.printer(body).state()).isEqualTo(expected);
    }

    @Test
    void anErrorFlagWinsOverPrinting() throws Exception {
        assertThat(OctoPrintJson.printer("{\"state\":{\"flags\":{\"printing\":true,\"error\":true}}}").state())
                .isEqualTo(PrinterState.ERROR);
    }

    @Test
    void completionIsAlreadyPercent() throws Exception {
        // datamodel.rst "Progress information": "Percentage of completion"; job.rst's example 0.2298 is 0.23 %
        JobReading job = OctoPrintJson.job(Fixtures.JOB_PRINTING);

        assertThat(job).isEqualTo(new JobReading("Printing", null, 0.2298468264184775, 276.0));
        assertThat(job.isError()).isFalse();
    }

    @Test
    void aJobAfterAnErrorCarriesOctoPrintsText() throws Exception {
        JobReading job = OctoPrintJson.job(Fixtures.JOB_AFTER_ERROR);

        assertThat(job.isError()).isTrue();
        assertThat(job.completion()).isNull();
        assertThat(OctoPrintJson.errorSample("p", NOW, job)).isEqualTo(TelemetrySample.builder("p", NOW,
                PrinterState.ERROR).error("Too many consecutive timeouts, printer still connected and alive?").build());
        assertThat(new JobReading("Error", null, null, null).errorText()).isEqualTo("Error");
    }

    @Test
    void aSampleCombinesBothAnswers() throws Exception {
        TelemetrySample sample = OctoPrintJson.sample("mk4", NOW, OctoPrintJson.printer(Fixtures.PRINTER_WITH_HISTORY),
                OctoPrintJson.job(Fixtures.JOB_PRINTING));

        assertThat(sample).isEqualTo(TelemetrySample.builder("mk4", NOW, PrinterState.IDLE).nozzle(214.8821, 220.0)
                .bed(50.221, 70.0).progress(0.2298468264184775).sensor("tool1", 25.3).printDuration(276.0).build());
        // OctoPrint gives no chamber here, no heater duty, no layers, no filament used, no error code
        assertThat(sample.chamberActual()).isNull();
        assertThat(sample.bedPower()).isNull();
        assertThat(sample.layer()).isNull();
        assertThat(sample.filamentUsed()).isNull();
        assertThat(sample.errorCode()).isNull();
    }

    /**
     * datamodel.rst "Temperature Data": one entry per heater, {@code chamber} when the printer profile has a heated
     * chamber, {@code target} null when none is set; plugins add entries of their own (not always of that shape).
     */
    @Test
    void aChamberAndOtherSensorsAreRead_entriesOfAnotherShapeSkipped() throws Exception {
        PrinterReading printer = OctoPrintJson.printer("""
                {"temperature": {"tool0": {"actual": 240.2, "target": 240.0, "offset": 0},
                                 "bed": {"actual": 100.1, "target": 100.0, "offset": 0},
                                 "chamber": {"actual": 44.5, "target": 45.0, "offset": 0},
                                 "A": {"actual": 51.2, "target": null},
                                 "plugin_list": [1, 2], "plugin_text": {"actual": "warm"}},
                 "state": {"text": "Printing", "flags": {"printing": true}}}""");

        assertThat(printer.chamberActual()).isEqualTo(44.5);
        assertThat(printer.chamberTarget()).isEqualTo(45.0);
        assertThat(printer.sensors()).containsExactly(Map.entry("A", 51.2));
        TelemetrySample sample = OctoPrintJson.sample("p", NOW, printer, OctoPrintJson.job(Fixtures.JOB_AFTER_ERROR));
        assertThat(sample.chamberActual()).isEqualTo(44.5);
        assertThat(sample.sensors()).containsExactly(Map.entry("A", 51.2));
        assertThat(sample.printDuration()).isNull(); // printTime null: no job
    }

    @Test
    void anErrorFlagTakesTheJobsErrorText() throws Exception {
        PrinterReading printer = new PrinterReading(PrinterState.ERROR, "Error", 20.0, 0.0, null, null, null, null,
                Map.of());

        assertThat(OctoPrintJson.sample("p", NOW, printer, new JobReading("Error", "MINTEMP triggered", null, null)).error())
                .isEqualTo("MINTEMP triggered");
        assertThat(OctoPrintJson.sample("p", NOW, printer, new JobReading("Error", null, null, null)).error())
                .isEqualTo("Error");
    }

    @Test
    void garbageIsNotAReading() {
        assertThatThrownBy(() -> OctoPrintJson.printer("<html><body>nginx</body></html>"))
                .isInstanceOf(OctoPrintException.class).hasMessageStartingWith("body is not JSON")
                .hasMessageContaining("nginx");
        assertThatThrownBy(() -> OctoPrintJson.printer("")).hasMessageStartingWith("body is not a JSON object");
        assertThatThrownBy(() -> OctoPrintJson.printer("[1,2]")).hasMessage("body is not a JSON object: '[1,2]'");
        assertThatThrownBy(() -> OctoPrintJson.job("{\"state\":\"Printing\"} trailing"))
                .hasMessageStartingWith("body is not JSON");
        assertThatThrownBy(() -> OctoPrintJson.printer("{\"temperature\":{\"tool0\":{\"actual\":NaN}},"
                + "\"state\":{\"flags\":{}}}")).hasMessageStartingWith("body is not JSON");
    }

    @Test
    void missingOrMistypedFieldsAreNamed() {
        assertThatThrownBy(() -> OctoPrintJson.printer("{\"temperature\":{}}")).hasMessage("field state is missing");
        assertThatThrownBy(() -> OctoPrintJson.printer("{\"state\":{\"text\":\"Operational\"}}"))
                .hasMessage("field state.flags is missing");
        assertThatThrownBy(() -> OctoPrintJson.printer("{\"state\":{\"flags\":{\"printing\":\"yes\"}}}"))
                .hasMessage("field state.flags.printing = \"yes\" is not true or false");
        assertThatThrownBy(() -> OctoPrintJson.printer("{\"state\":{\"flags\":{}},"
                + "\"temperature\":{\"tool0\":{\"actual\":\"hot\"}}}"))
                .hasMessage("field temperature.tool0.actual = \"hot\" is not a number");
        assertThatThrownBy(() -> OctoPrintJson.printer("{\"state\":{\"flags\":{}},\"temperature\":[]}"))
                .hasMessage("field temperature = [] is not an object");
        assertThatThrownBy(() -> OctoPrintJson.job("{\"progress\":{}}")).hasMessage("field state is missing");
        assertThatThrownBy(() -> OctoPrintJson.job("{\"state\":\"Printing\",\"progress\":{\"completion\":\"50%\"}}"))
                .hasMessage("field progress.completion = \"50%\" is not a number");
        assertThatThrownBy(() -> OctoPrintJson.job("{\"state\":3}")).hasMessage("field state = 3 is not a string");
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        assertThat(OctoPrintJson.job("{\"state\":\"Operational\",\"progress\":{\"completion\":null},"
                + "\"plugin_x\":{\"y\":[1]}}")).isEqualTo(new JobReading("Operational", null, null, null));
    }

    @Test
    void apiErrorsAreReadFromOctoPrintsErrorForm() {
        // src/octoprint/server/util/flask.py make_api_error: {"error": message}
        assertThat(OctoPrintJson.errorMessage("{\"error\":\"Printer is not operational\"}"))
                .isEqualTo("Printer is not operational");
        assertThat(OctoPrintJson.errorMessage("<h1>Bad Gateway</h1>")).isEqualTo("<h1>Bad Gateway</h1>");
        assertThat(OctoPrintJson.errorMessage("")).isEmpty();
        assertThat(OctoPrintJson.excerpt("x".repeat(500))).hasSize(121);
    }
}
