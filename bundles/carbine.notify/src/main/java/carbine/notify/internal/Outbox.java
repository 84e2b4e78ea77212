package carbine.notify.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.sqlite.SQLiteConfig;

import carbine.api.notify.NotifiedAlert;
import carbine.api.notify.Notification;
import carbine.api.notify.Notifications;

/**
 * Everything the router must not forget, in its own SQLite file ({@code <data>/notify-outbox.db}): alerts waiting in
 * a group, messages waiting for delivery, alerts due for reminders, and which (channel, alert, change) have been
 * queued already (the de-duplication that makes every change go out once). Each step is one transaction, so a crash
 * at any point loses nothing; a message sent but not yet marked delivered is sent again after a restart (at least
 * once, with a stable {@link Notification#id()}). Thread-safe: one connection, used under this object's lock.
 */
final class Outbox implements AutoCloseable {
    static final String FILE_NAME = "notify-outbox.db";
    private static final int SCHEMA = 2;
    /** Delivery records kept for the Notifications page (the newest). */
    static final int DELIVERIES_KEPT = 1000;

    /** An alert waiting in a group. */
    record Item(long seq, NotifiedAlert alert) {}

    /** A group whose wait is over. */
    record Group(String channel, String groupKey, Notification.Change change) {}

    /** A message waiting for delivery. */
    record Message(long seq, String channel, Notification notification, int attempts) {}

    /** A message of a group and when it may go. */
    record Out(Notification notification, Instant due) {}

    /** An alert that gets reminders. */
    record Tracked(String channel, NotifiedAlert alert, Instant nextRepeat, int repeats) {}

    private final Connection connection;
    private final Path file;

    private Outbox(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    static Outbox open(Path file) throws IOException, SQLException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(5000);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        // the driver class directly: in OSGi, DriverManager does not see the driver bundle
        Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > SCHEMA) {
                c.close();
                throw new SQLException(file + " was written by a newer Carbine (schema " + version + ")");
            }
            s.executeUpdate("CREATE TABLE IF NOT EXISTS seen(channel TEXT NOT NULL, alert_id TEXT NOT NULL, "
                    + "change_key TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY(channel, alert_id, change_key))");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS pending(seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "channel TEXT NOT NULL, group_key TEXT NOT NULL, change TEXT NOT NULL, alert_id TEXT NOT NULL, "
                    + "alert TEXT NOT NULL, due INTEGER NOT NULL)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS outbox(seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "id TEXT NOT NULL UNIQUE, channel TEXT NOT NULL, notification TEXT NOT NULL, alert_ids TEXT NOT NULL, "
                    + "due INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS tracked(channel TEXT NOT NULL, alert_id TEXT NOT NULL, "
                    + "alert TEXT NOT NULL, next_repeat INTEGER NOT NULL, repeats INTEGER NOT NULL, "
                    + "PRIMARY KEY(channel, alert_id))");
            // schema 2: snoozes and the record of deliveries
            s.executeUpdate("CREATE TABLE IF NOT EXISTS snoozes(target TEXT NOT NULL, id TEXT NOT NULL, "
                    + "until INTEGER NOT NULL, actor TEXT NOT NULL, since INTEGER NOT NULL, PRIMARY KEY(target, id))");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS deliveries(seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "at INTEGER NOT NULL, channel TEXT NOT NULL, notification_id TEXT NOT NULL, title TEXT NOT NULL, "
                    + "status TEXT NOT NULL, attempts INTEGER NOT NULL, error TEXT, test INTEGER NOT NULL)");
            s.executeUpdate("PRAGMA user_version = " + SCHEMA);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new Outbox(file, c);
    }

    Path file() {
        return file;
    }

    /**
     * Puts an alert's change into its group, unless this (channel, alert, change) was queued before. The group is
     * due at {@code dueIfNew}, or when the group already waiting is.
     *
     * @return false if it was a duplicate
     */
    synchronized boolean enqueue(String channel, String groupKey, Notification.Change change, String changeKey,
            NotifiedAlert alert, Instant dueIfNew, Instant now) throws SQLException {
        return transaction(() -> {
            try (PreparedStatement seen = connection.prepareStatement(
                    "INSERT OR IGNORE INTO seen(channel, alert_id, change_key, at) VALUES (?, ?, ?, ?)")) {
                seen.setString(1, channel);
                seen.setString(2, alert.id());
                seen.setString(3, changeKey);
                seen.setLong(4, now.toEpochMilli());
                if (seen.executeUpdate() == 0) {
                    return false;
                }
            }
            long due = dueIfNew.toEpochMilli();
            try (PreparedStatement q = connection.prepareStatement(
                    "SELECT MIN(due) FROM pending WHERE channel = ? AND group_key = ?")) {
                q.setString(1, channel);
                q.setString(2, groupKey);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next() && rs.getObject(1) != null) {
                        due = rs.getLong(1);
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO pending(channel, group_key, change, alert_id, alert, due) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, channel);
                insert.setString(2, groupKey);
                insert.setString(3, change.name());
                insert.setString(4, alert.id());
                insert.setString(5, NotificationJson.writeAlert(alert));
                insert.setLong(6, due);
                insert.executeUpdate();
            }
            return true;
        });
    }

    synchronized List<Group> dueGroups(Instant now) throws SQLException {
        List<Group> groups = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement("SELECT channel, group_key, change FROM pending "
                + "GROUP BY channel, group_key, change HAVING MIN(due) <= ? ORDER BY MIN(seq)")) {
            q.setLong(1, now.toEpochMilli());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    groups.add(new Group(rs.getString(1), rs.getString(2), Notification.Change.valueOf(rs.getString(3))));
                }
            }
        }
        return groups;
    }

    synchronized List<Item> items(Group group) throws SQLException {
        List<Item> items = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT seq, alert FROM pending WHERE channel = ? AND group_key = ? ORDER BY seq")) {
            q.setString(1, group.channel());
            q.setString(2, group.groupKey());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    items.add(new Item(rs.getLong(1), NotificationJson.readAlert(rs.getString(2))));
                }
            }
        }
        return items;
    }

    /** Replaces the group's items up to {@code lastSeq} by its messages, in one transaction. */
    synchronized void toOutbox(Group group, long lastSeq, List<Out> messages) throws SQLException {
        transaction(() -> {
            for (Out out : messages) {
                Notification n = out.notification();
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO outbox(id, channel, notification, alert_ids, due) VALUES (?, ?, ?, ?, ?)")) {
                    insert.setString(1, n.id());
                    insert.setString(2, group.channel());
                    insert.setString(3, NotificationJson.write(n));
                    StringBuilder ids = new StringBuilder(",");
                    n.alerts().forEach(a -> ids.append(a.id()).append(','));
                    insert.setString(4, ids.toString());
                    insert.setLong(5, out.due().toEpochMilli());
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM pending WHERE channel = ? AND group_key = ? AND seq <= ?")) {
                delete.setString(1, group.channel());
                delete.setString(2, group.groupKey());
                delete.setLong(3, lastSeq);
                delete.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The channel's oldest message that may go now (quiet hours may hold some until later), skipping those that
     * {@code held} holds (snoozed).
     */
    synchronized Optional<Message> next(String channel, Instant now, Predicate<Notification> held)
            throws SQLException {
        try (PreparedStatement q = connection.prepareStatement("SELECT seq, notification, attempts FROM outbox "
                + "WHERE channel = ? AND due <= ? ORDER BY seq")) {
            q.setString(1, channel);
            q.setLong(2, now.toEpochMilli());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Notification n = NotificationJson.read(rs.getString(2));
                    if (!held.test(n)) {
                        return Optional.of(new Message(rs.getLong(1), channel, n, rs.getInt(3)));
                    }
                }
                return Optional.empty();
            }
        }
    }

    synchronized Optional<Message> next(String channel, Instant now) throws SQLException {
        return next(channel, now, n -> false);
    }

    synchronized void delivered(Message m) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE seq = ?")) {
            delete.setLong(1, m.seq());
            delete.executeUpdate();
        }
    }

    synchronized void failed(Message m, String reason) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?")) {
            update.setString(1, reason);
            update.setLong(2, m.seq());
            update.executeUpdate();
        }
    }

    /** Whether a change of this alert still waits in a group or in the outbox of the channel. */
    synchronized boolean waits(String channel, String alertId) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement("SELECT EXISTS(SELECT 1 FROM pending WHERE channel = ? "
                + "AND alert_id = ?) OR EXISTS(SELECT 1 FROM outbox WHERE channel = ? AND instr(alert_ids, ?) > 0)")) {
            q.setString(1, channel);
            q.setString(2, alertId);
            q.setString(3, channel);
            q.setString(4, "," + alertId + ",");
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Messages waiting for delivery (all channels if {@code channel} is null). */
    synchronized int waiting(String channel) throws SQLException {
        String sql = "SELECT COUNT(*) FROM outbox" + (channel == null ? "" : " WHERE channel = ?");
        try (PreparedStatement q = connection.prepareStatement(sql)) {
            if (channel != null) {
                q.setString(1, channel);
            }
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Starts reminders for an alert, or updates what they say (keeping their schedule). */
    synchronized void track(String channel, NotifiedAlert alert, Instant firstRepeat) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO tracked(channel, alert_id, alert, "
                + "next_repeat, repeats) VALUES (?, ?, ?, ?, 0) ON CONFLICT(channel, alert_id) DO UPDATE SET "
                + "alert = excluded.alert")) {
            upsert.setString(1, channel);
            upsert.setString(2, alert.id());
            upsert.setString(3, NotificationJson.writeAlert(alert));
            upsert.setLong(4, firstRepeat.toEpochMilli());
            upsert.executeUpdate();
        }
    }

    synchronized void untrack(String channel, String alertId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM tracked WHERE channel = ? AND alert_id = ?")) {
            delete.setString(1, channel);
            delete.setString(2, alertId);
            delete.executeUpdate();
        }
    }

    synchronized List<Tracked> dueRepeats(Instant now) throws SQLException {
        List<Tracked> due = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement("SELECT channel, alert, next_repeat, repeats "
                + "FROM tracked WHERE next_repeat <= ? ORDER BY next_repeat")) {
            q.setLong(1, now.toEpochMilli());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    due.add(new Tracked(rs.getString(1), NotificationJson.readAlert(rs.getString(2)),
                            Instant.ofEpochMilli(rs.getLong(3)), rs.getInt(4)));
                }
            }
        }
        return due;
    }

    synchronized void rescheduled(Tracked t, Instant next) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE tracked SET next_repeat = ?, repeats = repeats + 1 WHERE channel = ? AND alert_id = ?")) {
            update.setLong(1, next.toEpochMilli());
            update.setString(2, t.channel());
            update.setString(3, t.alert().id());
            update.executeUpdate();
        }
    }

    synchronized void putSnooze(Notifications.Snooze snooze) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO snoozes(target, id, until, actor, "
                + "since) VALUES (?, ?, ?, ?, ?) ON CONFLICT(target, id) DO UPDATE SET until = excluded.until, "
                + "actor = excluded.actor, since = excluded.since")) {
            upsert.setString(1, snooze.target().name());
            upsert.setString(2, snooze.id());
            upsert.setLong(3, snooze.until().toEpochMilli());
            upsert.setString(4, snooze.actor());
            upsert.setLong(5, snooze.since().toEpochMilli());
            upsert.executeUpdate();
        }
    }

    /** @return whether there was one */
    synchronized boolean deleteSnooze(Notifications.Target target, String id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM snoozes WHERE target = ? AND id = ?")) {
            delete.setString(1, target.name());
            delete.setString(2, id);
            return delete.executeUpdate() > 0;
        }
    }

    synchronized List<Notifications.Snooze> snoozes() throws SQLException {
        List<Notifications.Snooze> all = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT target, id, until, actor, since FROM snoozes ORDER BY until")) {
            while (rs.next()) {
                all.add(new Notifications.Snooze(Notifications.Target.valueOf(rs.getString(1)), rs.getString(2),
                        Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5))));
            }
        }
        return all;
    }

    /** Records one delivery attempt for the Notifications page; only the newest {@link #DELIVERIES_KEPT} stay. */
    synchronized void recordDelivery(Notifications.Delivery d) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO deliveries(at, channel, "
                + "notification_id, title, status, attempts, error, test) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, d.time().toEpochMilli());
            insert.setString(2, d.channel());
            insert.setString(3, d.notificationId());
            insert.setString(4, d.title());
            insert.setString(5, d.status().name());
            insert.setInt(6, d.attempts());
            insert.setString(7, d.error());
            insert.setInt(8, d.test() ? 1 : 0);
            insert.executeUpdate();
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM deliveries WHERE seq <= (SELECT MAX(seq) FROM deliveries) - ?")) {
            delete.setInt(1, DELIVERIES_KEPT);
            delete.executeUpdate();
        }
    }

    /** The messages waiting, then the recorded deliveries, newest first, at most {@code limit} of each. */
    synchronized List<Notifications.Delivery> deliveries(int limit) throws SQLException {
        List<Notifications.Delivery> all = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement("SELECT due, channel, notification, attempts, "
                + "last_error FROM outbox ORDER BY seq DESC LIMIT ?")) {
            q.setInt(1, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Notification n = NotificationJson.read(rs.getString(3));
                    all.add(new Notifications.Delivery(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), n.id(),
                            n.title(), Notifications.Status.WAITING, rs.getInt(4), rs.getString(5), false));
                }
            }
        }
        try (PreparedStatement q = connection.prepareStatement("SELECT at, channel, notification_id, title, status, "
                + "attempts, error, test FROM deliveries ORDER BY seq DESC LIMIT ?")) {
            q.setInt(1, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    all.add(new Notifications.Delivery(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2),
                            rs.getString(3), rs.getString(4), Notifications.Status.valueOf(rs.getString(5)),
                            rs.getInt(6), rs.getString(7), rs.getInt(8) != 0));
                }
            }
        }
        return all;
    }

    /** Forgets de-duplication keys older than {@code before}. */
    synchronized void prune(Instant before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM seen WHERE at < ?")) {
            delete.setLong(1, before.toEpochMilli());
            delete.executeUpdate();
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing: nothing left to do
        }
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T transaction(Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            // SQLite may have rolled back already (e.g. SQLITE_FULL): a rollback then is harmless
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the original failure is what matters
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
