/**
 * Notifications: what leaves Carbine when alerts change. Implement {@link carbine.api.notify.Notifier} to add a
 * channel; the routing (filters, grouping, repeats, quiet hours, retries) is Carbine's.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package carbine.api.notify;
