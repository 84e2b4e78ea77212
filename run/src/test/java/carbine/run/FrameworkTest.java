package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;

class FrameworkTest {
    @InjectBundleContext
    BundleContext context;

    @Test
    void everyBundleIsActive() {
        assertThat(Arrays.stream(context.getBundles())
                .filter(b -> b.getHeaders().get("Fragment-Host") == null)
                .filter(b -> b.getState() != Bundle.ACTIVE)
                .map(Bundle::getSymbolicName)).isEmpty();
    }
}
