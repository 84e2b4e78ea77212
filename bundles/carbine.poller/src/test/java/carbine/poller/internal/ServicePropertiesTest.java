package carbine.poller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ServicePropertiesTest {
    private final Object service = new Object();

    @Test
    void names_come_from_the_carbine_property_then_the_component_name_then_the_class() {
        assertThat(ServiceProperties.driverName(Map.of("carbine.driver.name", "octo", "component.name", "c"), service))
                .isEqualTo("octo");
        assertThat(ServiceProperties.driverName(Map.of("component.name", "c"), service)).isEqualTo("c");
        assertThat(ServiceProperties.driverName(Map.of("carbine.driver.name", " "), service))
                .isEqualTo("java.lang.Object");
        assertThat(ServiceProperties.detectorId(Map.of("carbine.detector.id", "rules", "component.name", "c"), service))
                .isEqualTo("rules");
        assertThat(ServiceProperties.detectorId(Map.of(), service)).isEqualTo("java.lang.Object");
    }

    @Test
    void ranking_and_id() {
        assertThat(ServiceProperties.ranking(Map.of("service.ranking", 7))).isEqualTo(7);
        assertThat(ServiceProperties.ranking(Map.of("service.ranking", "7"))).isZero();
        assertThat(ServiceProperties.serviceId(Map.of("service.id", 42L))).isEqualTo(42L);
    }
}
