package carbine.driver.bambu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OnePerPrinterTest {
    @Test
    void aSerialIsHeldByOnePrinterUntilReleased() {
        OnePerPrinter connections = new OnePerPrinter();
        assertThat(connections.claim("01P00A000000001", "a")).isNull();
        assertThat(connections.claim("01p00a000000001", "b")).isEqualTo("a");
        assertThat(connections.claim("01P00A000000001", "a")).isNull(); // the same configuration, updated
        connections.release("01P00A000000001", "b"); // not the holder: nothing happens
        assertThat(connections.claim("01P00A000000001", "b")).isEqualTo("a");
        connections.release("01P00A000000001", "a");
        assertThat(connections.claim("01P00A000000001", "b")).isNull();
    }
}
