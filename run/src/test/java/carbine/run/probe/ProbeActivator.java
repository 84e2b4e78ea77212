package carbine.run.probe;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import carbine.api.detector.Detector;

/** Registers the probe detector with the id {@code probe}; unregistered by the framework when the bundle stops. */
public final class ProbeActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Detector.ID_PROPERTY, "probe");
        context.registerService(Detector.class, new ProbeDetector(context.getBundle().getVersion().toString()), props);
    }

    @Override
    public void stop(BundleContext context) {
        // services go with the bundle
    }
}
