package carbine.storage.sqlite.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;

import carbine.api.store.StoreBackup;

/**
 * SQLite's online backup API on a connection of its own: the copy is taken in one read transaction, which in WAL
 * mode sees one committed state and does not hold up the writer, nor the queries of the reader connection.
 */
final class Backup {
    private Backup() {}

    static StoreBackup.Result run(Path database, StoreSettings settings, Path target) throws IOException {
        long start = System.nanoTime();
        Path to = target.toAbsolutePath().normalize();
        if (to.equals(database.toAbsolutePath().normalize())) {
            throw new FileAlreadyExistsException(to.toString(), null, "that is the database itself");
        }
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(to.toString(), null, "a backup never overwrites a file");
        }
        Path dir = to.getParent();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "the backup's directory does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new AccessDeniedException(dir.toString(), null, "the backup's directory is not writable");
        }
        Path part = Files.createTempFile(dir, "." + to.getFileName() + "-", ".part");
        try {
            copy(database, settings, part, dir);
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            publish(part, to);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(part);
            throw e;
        }
        return new StoreBackup.Result(to, Files.size(to), Duration.ofNanos(System.nanoTime() - start));
    }

    /** The part file and the journal SQLite may leave beside it when writing it failed. */
    private static void deleteQuietly(Path part) {
        for (String suffix : new String[] { "", "-journal", "-wal", "-shm" }) {
            try {
                Files.deleteIfExists(part.resolveSibling(part.getFileName() + suffix));
            } catch (IOException ignored) {
                // a leftover hidden .part file does no harm; the error that matters is the backup's own
            }
        }
    }

    private static void copy(Path database, StoreSettings settings, Path part, Path dir) throws IOException {
        Connection source;
        try {
            source = Database.openReader(database, settings);
        } catch (StoreOpenException e) {
            throw new IOException("cannot read " + database + " for the backup: " + e.getMessage(), e);
        }
        try (source) {
            // all pages in one step (-1): one read transaction, hence one consistent state of the database
            int rc = source.unwrap(SQLiteConnection.class).getDatabase()
                    .backup("main", part.toString(), null, 100, 50, -1);
            if (rc != SQLiteErrorCode.SQLITE_OK.code) {
                throw failed(dir, SQLiteErrorCode.getErrorCode(rc).name() + " (" + rc + ")", rc & 0xff);
            }
        } catch (SQLException e) {
            int code = e instanceof org.sqlite.SQLiteException se ? se.getResultCode().code & 0xff : -1;
            throw failed(dir, e.getMessage(), code);
        }
    }

    private static IOException failed(Path dir, String detail, int primaryCode) {
        if (primaryCode == SQLiteErrorCode.SQLITE_FULL.code || detail.contains("SQLITE_FULL")) {
            return new IOException("the backup did not fit: the file system of " + dir + " is full (" + detail + ")");
        }
        if (primaryCode == SQLiteErrorCode.SQLITE_CANTOPEN.code || primaryCode == SQLiteErrorCode.SQLITE_READONLY.code
                || primaryCode == SQLiteErrorCode.SQLITE_IOERR.code) {
            return new IOException("cannot write the backup in " + dir + " (" + detail + "); is it full or not "
                    + "writable?");
        }
        return new IOException("the backup into " + dir + " failed: " + detail);
    }

    /**
     * Gives the finished copy its name. A hard link fails atomically if the name exists meanwhile; where links are
     * not supported, an atomic rename after the check at the start.
     */
    private static void publish(Path part, Path to) throws IOException {
        try {
            Files.createLink(to, part);
            Files.delete(part);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(to.toString(), null, "a backup never overwrites a file");
        } catch (UnsupportedOperationException | IOException e) {
            if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(to.toString(), null, "a backup never overwrites a file");
            }
            Files.move(part, to, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
