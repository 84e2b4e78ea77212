package carbine.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import carbine.driver.octoprint.peer.OctoPrintPeer;

/**
 * Printers → Add as a person uses it (issue 10): pick OctoPrint, type the URL and a wrong key, Test connection shows
 * the reason; the right key shows what Carbine read; Save makes a conf/ file and the printer appears on the
 * overview; Edit changes a setting with the key left empty (kept); Remove takes it away. The OctoPrint side is
 * the protocol peer of carbine.driver.octoprint's tests.
 */
class PrintersTest {
    private static final String KEY = "printers-test-key-7f3a";

    @Test
    void aPersonAddsAnOctoPrintPrinterTestsItSavesItEditsItAndRemovesIt() throws Exception {
        try (OctoPrintPeer peer = OctoPrintPeer.start(KEY); Browser b = new Browser(1366, 900);
                CarbineProcess carbine = CarbineProcess.start("printers", Map.of(), List.of())) {
            peer.mode(OctoPrintPeer.Mode.PRINTING).temperatures(214.8, 215, 60.2, 60);
            b.open(carbine.base + "/printers");
            WebElement kind = Await.until(Duration.ofSeconds(30), "the OctoPrint kind button",
                    () -> b.all("vaadin-button.kind[data-kind='carbine.driver.octoprint']").stream().findFirst().orElse(null));
            kind.click();
            type(b, "printerId", "octo-1");
            type(b, "url", peer.baseUrl().toString());
            type(b, "apiKey", "wrong-key");
            b.driver.findElement(By.cssSelector(".printer-form vaadin-button.test")).click();
            Await.until(Duration.ofSeconds(15), "the wrong key's reason on the form", () -> {
                String t = b.text(".printers .result");
                return t != null && t.contains("refused the API key") ? t : null;
            });
            assertThat(b.all(".printers .result[data-ok='false']")).hasSize(1);

            type(b, "apiKey", KEY);
            b.driver.findElement(By.cssSelector(".printer-form vaadin-button.test")).click();
            String read = Await.until(Duration.ofSeconds(15), "what Carbine read", () -> {
                String t = b.text(".printers .result");
                return t != null && t.startsWith("Read octo-1") ? t : null;
            });
            assertThat(read).contains("PRINTING").contains("214.8 °C / 215 °C").doesNotContain(KEY);
            b.screenshot("printers-test-connection");

            b.driver.findElement(By.cssSelector(".printer-form vaadin-button.save")).click();
            Path file = carbine.home.resolve("conf/carbine.driver.octoprint-octo-1.cfg");
            Await.until(Duration.ofSeconds(10), "the configuration file", () -> Files.isRegularFile(file));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("it holds the key")
                    .isEqualTo("rw-------");
            Await.until(Duration.ofSeconds(15), "octo-1 listed as configured",
                    () -> !b.all(".saved-printer[data-printer='octo-1']").isEmpty());

            b.open(carbine.base + "/");
            Await.until(Duration.ofSeconds(30), "octo-1's card on the overview with its temperature", () -> {
                String t = b.text("[data-printer='octo-1']");
                return t != null && t.contains("214.8") ? t : null;
            });
            assertThat(peer.requests("/api/printer")).isPositive();

            // Edit: the form comes filled in from the file, the key not shown; a new timeout, the key left empty
            b.open(carbine.base + "/printers");
            WebElement edit = Await.until(Duration.ofSeconds(30), "the Edit button",
                    () -> b.all(".saved-printer[data-printer='octo-1'] vaadin-button.edit").stream().findFirst().orElse(null));
            edit.click();
            Await.until(Duration.ofSeconds(10), "the form filled in from the file", () -> peer.baseUrl().toString()
                    .equals(b.js("return document.querySelector(\".printer-form [data-field='url']\").value")) ? true : null);
            assertThat(b.js("return document.querySelector(\".printer-form [data-field='apiKey']\").value")).as("the key")
                    .isEqualTo("");
            assertThat(b.driver.getPageSource()).doesNotContain(KEY);
            type(b, "timeoutMillis", "3500");
            b.driver.findElement(By.cssSelector(".printer-form vaadin-button.test")).click();
            Await.until(Duration.ofSeconds(15), "a test with the saved key", () -> {
                String t = b.text(".printers .result");
                return t != null && t.startsWith("Read octo-1") ? t : null;
            });
            b.driver.findElement(By.cssSelector(".printer-form vaadin-button.save")).click();
            Await.until(Duration.ofSeconds(10), "the file rewritten", () ->
                    Files.readString(file).contains("timeoutMillis=3500") ? true : null);
            assertThat(Files.readString(file)).contains("apiKey=" + KEY).contains("printerId=octo-1");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            int before = peer.requests("/api/printer");
            Await.until(Duration.ofSeconds(15), "octo-1 still polled after the edit", () -> peer.requests("/api/printer") > before + 2);

            b.open(carbine.base + "/printers");
            WebElement remove = Await.until(Duration.ofSeconds(30), "the Remove button",
                    () -> b.all(".saved-printer[data-printer='octo-1'] vaadin-button.remove").stream().findFirst().orElse(null));
            remove.click();
            Await.until(Duration.ofSeconds(10), "the file deleted", () -> !Files.exists(file));
            b.open(carbine.base + "/");
            Await.until(Duration.ofSeconds(30), "octo-1 gone from the overview", () -> {
                boolean cardsShown = !b.all("[data-printer='printer-1']").isEmpty();
                return cardsShown && b.all("[data-printer='octo-1']").isEmpty();
            });
            assertThat(Files.readString(carbine.log)).as("the key is never logged").doesNotContain(KEY);
            assertThat(Files.readString(carbine.home.resolve("data/carbine.log"))).doesNotContain(KEY);
        }
    }

    /** Replaces the value of the form's field with this id, then leaves the field (Vaadin sends it on change). */
    private static void type(Browser b, String field, String value) {
        WebElement input = Await.until(Duration.ofSeconds(10), "the form's field " + field, () -> b
                .all(".printer-form [data-field='" + field + "'] input").stream().findFirst().orElse(null));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(value, Keys.TAB);
    }
}
