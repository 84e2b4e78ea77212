package carbine.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.fleet.PrinterStatus;
import carbine.api.store.StoreBackup;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class ViewsTest {
    private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void printersShowReadingsAndLeaveAbsentFieldsAsDash() {
        TelemetrySample s = TelemetrySample.builder("printer-1", T, PrinterState.PRINTING)
                .nozzle(209.64, 210.0).heaterPower(0.42).progress(37.0).build();
        String out = Views.printers(List.of(
                new PrinterStatus("printer-1", "simulator printer-1", "carbine.simulator 0.1.0", true, s, 0, null, T),
                new PrinterStatus("printer-2", "http", "x 1", false, s, 3, "timeout", T)));
        assertThat(out).contains("printer-1").contains("PRINTING").contains("209.6 / 210").contains("0.42")
                .contains("37%");
        // bed and fan were not reported: shown as absent, never as 0
        assertThat(out.lines().filter(l -> l.startsWith("printer-1")).findFirst().orElseThrow())
                .doesNotContain("0.0 /").contains(" - ");
        assertThat(out.lines().filter(l -> l.startsWith("printer-2")).findFirst().orElseThrow()).contains("OFFLINE");
    }

    @Test
    void noPrintersAndNoAlertsAreSaidInWords() {
        assertThat(Views.printers(List.of())).contains("no printers");
        assertThat(Views.alerts(List.of())).contains("all normal");
    }

    @Test
    void alertsTableHasOneLinePerAlert() {
        Alert a = new Alert("0123456789ab", "printer-1", "rules", "HARD_FAILURE", Severity.CRITICAL, "printer error",
                T, T, 3, Double.NaN, AlertState.ACTIVE, null);
        String out = Views.alerts(List.of(a));
        assertThat(out.lines()).hasSize(2);
        assertThat(out).contains("0123456789ab").contains("CRITICAL").contains("HARD_FAILURE").contains("printer error");
    }

    @Test
    void backupSaysWhereAndHowBig_orWhyNot() {
        StoreBackup ok = target -> new StoreBackup.Result(target, 123_456, java.time.Duration.ofMillis(42));
        assertThat(Views.backup(ok, java.nio.file.Path.of("/srv/b.db")))
                .contains("backup written: /srv/b.db (123,456 bytes in 42 ms)").contains("To restore: stop Carbine");
        assertThat(Views.backup(t -> { throw new java.nio.file.FileAlreadyExistsException(t.toString()); },
                java.nio.file.Path.of("/srv/b.db"))).contains("/srv/b.db already exists").contains("never overwrites");
        assertThat(Views.backup(t -> { throw new java.io.IOException("the file system of /srv is full"); },
                java.nio.file.Path.of("/srv/b.db"))).isEqualTo("backup failed, nothing written: the file system of /srv is full");
        assertThat(Views.backup(null, java.nio.file.Path.of("b.db"))).contains("not running");
    }
}
