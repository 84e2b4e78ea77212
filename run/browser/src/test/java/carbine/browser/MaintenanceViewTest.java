package carbine.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The Maintenance page (issue 12) as a person uses it: a task with a tiny interval becomes overdue on a simulated
 * printer, the farm list shows it, Mark done with a note resets it, and the printer's maintenance log says who did
 * it; the printer page shows its counters.
 */
class MaintenanceViewTest {
    @Test
    void anOverdueTaskIsMarkedDoneFromTheMaintenancePage() throws Exception {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("carbine.poller.cfg", "intervalMillis=1000\n");
        // printing after 1 s, hot within seconds (ten times as fast; sample times stay wall-clock times)
        conf.put("carbine.simulator-mnt.cfg", "printerId=mnt-1\nscenario=normal\nphaseSeconds=10\ntimeScale=10\n");
        conf.put("carbine.maintenance.task-nozzle.cfg", "name=nozzle\nprinters=mnt-*\nevery=0.002\nunit=printing_hours\n");
        conf.put("carbine.maintenance.task-belts.cfg", "name=belts\nevery=3\nunit=months\n");
        try (Browser b = new Browser(1366, 900);
                CarbineProcess carbine = CarbineProcess.start("maintenance", conf, List.of("mnt-1"))) {
            b.open(carbine.base + "/maintenance");
            String row = ".due-list .task[data-printer='mnt-1'][data-task='nozzle']";
            Await.until(Duration.ofSeconds(60), "nozzle overdue on mnt-1 in the farm list",
                    () -> b.all(row + "[data-due='OVERDUE']").isEmpty() ? null : true);
            assertThat(b.text(row)).contains("nozzle").contains("printing hours");
            assertThat(b.all(".due-list .task[data-task='belts']")).as("not due for 3 months").isEmpty();
            b.screenshot("maintenance-overdue");

            WebElement note = b.driver.findElement(By.cssSelector(".done-note input"));
            note.sendKeys("0.4 mm hardened steel", Keys.TAB);
            b.driver.findElement(By.cssSelector(row + " vaadin-button.mark-done")).click();

            b.open(carbine.base + "/maintenance/mnt-1");
            String logLine = Await.until(Duration.ofSeconds(20), "the log line of Mark done", () -> {
                String t = b.text(".maintenance-log .log-line");
                return t != null && t.contains("nozzle") ? t : null;
            });
            assertThat(logLine).contains("by anonymous from 127.0.0.1 (dashboard)").contains("0.4 mm hardened steel");
            String task = Await.until(Duration.ofSeconds(10), "the nozzle task of mnt-1", () -> {
                String t = b.text(".task-list .task[data-task='nozzle']");
                return t != null && t.contains("last done") ? t : null;
            });
            assertThat(task).contains("printing hours");
            assertThat(b.all(".task-list .task[data-task='belts'][data-due='OK']")).hasSize(1);
            assertThat(b.text(".counters")).contains("printing").contains("heat cycles").contains("filament not reported");
            b.screenshot("maintenance-printer");

            b.open(carbine.base + "/printer/mnt-1");
            Await.until(Duration.ofSeconds(20), "the counters on the printer page", () -> {
                String t = b.text(".printer-view .usage");
                return t != null && t.contains("printing") ? t : null;
            });
            assertThat(carbine.get("/api/v1/printers/mnt-1/maintenance").body()).contains("0.4 mm hardened steel");
        }
    }
}
