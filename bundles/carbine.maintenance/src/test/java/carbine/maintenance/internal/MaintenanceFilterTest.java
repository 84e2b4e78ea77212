package carbine.maintenance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaintenanceFilterTest {
    @Test
    void ourPathsAreTakenTheOthersPassOn() {
        assertThat(MaintenanceFilter.route("/api/v1/printers/p1/counters"))
                .isEqualTo(new MaintenanceFilter.Route("p1", "counters", null));
        assertThat(MaintenanceFilter.route("/api/v1/printers/farm-0001/maintenance"))
                .isEqualTo(new MaintenanceFilter.Route("farm-0001", "maintenance", null));
        assertThat(MaintenanceFilter.route("/api/v1/printers/p%201/maintenance/nozzle/done"))
                .isEqualTo(new MaintenanceFilter.Route("p 1", "done", "nozzle"));
        assertThat(MaintenanceFilter.route("/api/v1/printers/p1/status")).isNull();
        assertThat(MaintenanceFilter.route("/api/v1/printers")).isNull();
        assertThat(MaintenanceFilter.route("/api/v1/printers/")).isNull();
        assertThat(MaintenanceFilter.route("/api/v1/printers//counters")).isNull();
        assertThat(MaintenanceFilter.route("/api/v1/printers/p1/maintenance//done")).isNull();
        assertThat(MaintenanceFilter.route("/api/v1/printers/p1/counters/x")).isNull();
        assertThat(MaintenanceFilter.route("/api/v1/printers/p%ZZ/counters")).isNull();
    }
}
