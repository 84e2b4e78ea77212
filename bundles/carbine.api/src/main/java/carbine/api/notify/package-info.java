/**
 * Notifications: what leaves Carbine when alerts change. Implement {@link carbine.api.notify.Notifier} to add a
 * channel; the routing (filters, grouping, repeats, quiet hours, retries) is Carbine's.
 * {@link carbine.api.notify.Notifications} is what people see and do: the channels, deliveries and snoozes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package carbine.api.notify;
