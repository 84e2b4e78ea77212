/**
 * Detectors judge telemetry samples and return findings. Implement {@link carbine.api.detector.Detector}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package carbine.api.detector;
