package carbine.poller.internal;

import java.util.Map;

import carbine.api.detector.Detector;
import carbine.api.driver.PrinterDriver;

/** How the poller names drivers and detectors from their service properties. */
final class ServiceProperties {
    static final String COMPONENT_NAME = "component.name";
    static final String SERVICE_ID = "service.id";
    static final String SERVICE_RANKING = "service.ranking";

    private ServiceProperties() {}

    /** {@code carbine.driver.name}, else {@code component.name}, else the class name. */
    static String driverName(Map<String, ?> properties, Object driver) {
        return firstText(properties, PrinterDriver.NAME_PROPERTY, driver);
    }

    /** {@code carbine.detector.id}, else {@code component.name}, else the class name. */
    static String detectorId(Map<String, ?> properties, Object detector) {
        return firstText(properties, Detector.ID_PROPERTY, detector);
    }

    static long serviceId(Map<String, ?> properties) {
        return properties.get(SERVICE_ID) instanceof Number n ? n.longValue() : 0L;
    }

    /** As the framework does: a non-Integer ranking counts as 0. */
    static int ranking(Map<String, ?> properties) {
        return properties.get(SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    private static String firstText(Map<String, ?> properties, String key, Object service) {
        for (String k : new String[] {key, COMPONENT_NAME}) {
            if (properties.get(k) instanceof String s && !s.isBlank()) {
                return s.trim();
            }
        }
        return service.getClass().getName();
    }
}
