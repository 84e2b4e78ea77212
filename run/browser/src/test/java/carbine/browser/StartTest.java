package carbine.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A fresh Carbine (no configuration: the default printer-1) from JVM start to its dashboard in the browser. */
class StartTest {
    @Test
    void aFreshCarbineShowsItsDefaultPrinterAndTheApiAndConsoleStillAnswer() throws Exception {
        try (Browser b = new Browser(1366, 900); CarbineProcess carbine = CarbineProcess.start("start", Map.of(), List.of())) {
            b.open(carbine.base + "/");
            Await.until(Duration.ofSeconds(30), "printer-1 rendered with a sample time", () -> {
                String t = b.text("[data-printer='printer-1'] .sample-time");
                return t != null && !t.startsWith("—");
            });
            long rendered = System.nanoTime();
            System.out.printf("[measure] fresh start: JVM start -> first HTTP 200 on / %d ms, -> ready line %d ms,"
                    + " -> printer-1 rendered in Chromium (page opened after the ready line) %d ms%n",
                    (carbine.firstOkNanos - carbine.startedNanos) / 1_000_000, (carbine.readyNanos - carbine.startedNanos) / 1_000_000,
                    (rendered - carbine.startedNanos) / 1_000_000);
            b.screenshot("fresh-start");
            // the dashboard's catch-all "/*" must not hide the simulator's JSON API or the Web Console
            assertThat(carbine.get("/api/v1/printers").body()).contains("printer-1");
            assertThat(carbine.get("/system/console/bundles").statusCode()).isEqualTo(401); // asks for the password
            assertThat(carbine.bundle("carbine.dashboard")[2]).isEqualTo("Active");
            assertThat(b.driver.getTitle()).contains("Carbine");
            assertThat(java.nio.file.Files.readString(carbine.log)).contains("; dashboard at " + carbine.base + "/ ;");
        }
    }
}
