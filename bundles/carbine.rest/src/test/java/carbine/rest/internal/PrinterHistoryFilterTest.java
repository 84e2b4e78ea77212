package carbine.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrinterHistoryFilterTest {
    @Test
    void takesOnlyTheHistoryOfOnePrinter() {
        assertThat(PrinterHistoryFilter.printer("/api/v1/printers/farm-0001/history")).isEqualTo("farm-0001");
        assertThat(PrinterHistoryFilter.printer("/api/v1/printers/my%20printer%2B1/history")).isEqualTo("my printer+1");
        assertThat(PrinterHistoryFilter.printer("/api/v1/printers/a+b/history")).isEqualTo("a+b");
        // the simulator's and the maintenance paths pass on
        assertThat(PrinterHistoryFilter.printer("/api/v1/printers/farm-0001/status")).isNull();
        assertThat(PrinterHistoryFilter.printer("/api/v1/printers/farm-0001/counters")).isNull();
        assertThat(PrinterHistoryFilter.printer("/api/v1/printers/farm-0001")).isNull();
        assertThat(PrinterHistoryFilter.printer("/api/v1/printers//history")).isNull();
        assertThat(PrinterHistoryFilter.printer("/api/v1/printers/a/b/history")).isNull();
        assertThat(PrinterHistoryFilter.printer("/api/v1/printers/a%2Fb/history")).isNull();
        assertThat(PrinterHistoryFilter.printer("/api/v1/printers/%zz/history")).isNull();
        assertThat(PrinterHistoryFilter.printer(null)).isNull();
    }
}
