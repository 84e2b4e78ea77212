package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collection;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.detector.Detector;
import carbine.api.fleet.Fleet;

/**
 * The Isolation Forest detector (Smile embedded, GPL-3.0) is a plug-in like any other: it registers as a
 * detector, and stopping its bundle removes it while polling and the rules go on.
 */
class IforestPresenceTest {
    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    Fleet fleet;

    @Test
    void registersAndCanBeStoppedWithoutHarm() throws Exception {
        Await.until(() -> assertThat(detectorIds()).contains("iforest", "rules"));
        Bundle iforest = Arrays.stream(context.getBundles())
                .filter(b -> "carbine.detector.iforest".equals(b.getSymbolicName())).findFirst().orElseThrow();
        assertThat(iforest.getHeaders().get("Bundle-License")).startsWith("GPL-3.0");

        Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
        iforest.stop();
        try {
            Await.until(() -> assertThat(detectorIds()).doesNotContain("iforest").contains("rules"));
            long cycles = fleet.cycles();
            Await.until(() -> assertThat(fleet.cycles()).as("polling goes on").isGreaterThan(cycles + 3));
        } finally {
            iforest.start();
        }
        Await.until(() -> assertThat(detectorIds()).contains("iforest"));
    }

    private java.util.List<Object> detectorIds() throws Exception {
        Collection<ServiceReference<Detector>> refs = context.getServiceReferences(Detector.class, null);
        return refs.stream().map(r -> r.getProperty(Detector.ID_PROPERTY)).toList();
    }
}
