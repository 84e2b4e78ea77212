package carbine.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.driver.PrinterDriver;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class StatusApiTest {
    private final List<PrinterDriver> drivers = new CopyOnWriteArrayList<>();
    private final StatusApi api = new StatusApi(() -> drivers);

    /** A driver for one printer that always reads the same. */
    private record FixedDriver(String id) implements PrinterDriver {
        @Override
        public Set<String> printerIds() {
            return Set.of(id);
        }

        @Override
        public TelemetrySample sample(String printerId) {
            if (!printerId.equals(id)) {
                throw new IllegalArgumentException(printerId);
            }
            return TelemetrySample.builder(id, Instant.EPOCH, PrinterState.PRINTING).nozzle(210.0, 210.0).build();
        }
    }

    private static JsonObject json(StatusApi.Response response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    @Test
    void firstPrinterIsTheLowestId() {
        drivers.add(new FixedDriver("zeta"));
        drivers.add(new FixedDriver("alpha"));

        StatusApi.Response response = api.get("/api/v1/printer/status");

        assertThat(response.status()).isEqualTo(200);
        assertThat(json(response).get("printer_id").getAsString()).isEqualTo("alpha");
        assertThat(json(response).get("nozzle_actual").getAsDouble()).isEqualTo(210.0);
    }

    @Test
    void oneNamedPrinter() {
        drivers.add(new FixedDriver("alpha"));
        drivers.add(new FixedDriver("zeta"));

        StatusApi.Response response = api.get("/api/v1/printers/zeta/status");

        assertThat(response.status()).isEqualTo(200);
        assertThat(json(response).get("printer_id").getAsString()).isEqualTo("zeta");
    }

    @Test
    void unknownPrinterIs404WithAJsonBody() {
        drivers.add(new FixedDriver("alpha"));

        StatusApi.Response response = api.get("/api/v1/printers/nope/status");

        assertThat(response.status()).isEqualTo(404);
        assertThat(json(response).get("status").getAsInt()).isEqualTo(404);
        assertThat(json(response).get("message").getAsString()).contains("nope");
    }

    @Test
    void noPrinterAtAllIs404() {
        assertThat(api.get("/api/v1/printer/status").status()).isEqualTo(404);
    }

    @Test
    void listsIdsInOrder() {
        drivers.add(new FixedDriver("b"));
        drivers.add(new FixedDriver("a"));

        StatusApi.Response response = api.get("/api/v1/printers");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"printers\":[\"a\",\"b\"]}");
        assertThat(api.get("/api/v1/printers/").body()).isEqualTo(response.body());
    }

    @Test
    void followsDriversComingAndGoing() {
        FixedDriver a = new FixedDriver("a");
        drivers.add(a);
        assertThat(api.get("/api/v1/printers/a/status").status()).isEqualTo(200);

        drivers.remove(a);
        assertThat(api.get("/api/v1/printers/a/status").status()).isEqualTo(404);
    }

    @Test
    void otherPathsAre404() {
        drivers.add(new FixedDriver("a"));
        assertThat(api.get("/api/v1/printers/a").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/printers/a/status/x").status()).isEqualTo(404);
    }

    @Test
    void aFailingDriverIs503() {
        drivers.add(new PrinterDriver() {
            @Override
            public Set<String> printerIds() {
                return Set.of("broken");
            }

            @Override
            public TelemetrySample sample(String printerId) throws Exception {
                throw new java.io.IOException("no answer");
            }
        });

        StatusApi.Response response = api.get("/api/v1/printers/broken/status");

        assertThat(response.status()).isEqualTo(503);
        assertThat(json(response).get("message").getAsString()).contains("broken", "no answer");
    }
}
