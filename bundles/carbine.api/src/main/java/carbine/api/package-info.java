/**
 * Runtime conventions shared by every Carbine bundle: framework property names, the directories they name, and the
 * servlet roles of web requests.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package carbine.api;
