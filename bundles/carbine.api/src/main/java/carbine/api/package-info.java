/**
 * Runtime conventions shared by every Carbine bundle (framework property names).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package carbine.api;
