/**
 * Runtime conventions shared by every Carbine bundle: framework property names and the directories they name.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package carbine.api;
