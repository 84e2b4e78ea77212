package carbine.api.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Online backup of the store: a consistent copy of everything it holds (telemetry and alerts), taken while writes
 * go on. Restore by stopping Carbine, putting the copy in place of the database file, and starting it again.
 *
 * @since 0.3
 */
@ProviderType
public interface StoreBackup {
    /** What a backup wrote. */
    record Result(Path file, long bytes, Duration took) {}

    /**
     * Writes the copy to a temporary file in the target's directory and renames it to {@code target} only when it
     * is complete, so {@code target} is either absent or a whole backup.
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code target} exists (a backup never overwrites)
     * @throws IOException if the directory does not exist, is not writable, or its file system is full; nothing is
     *                     left behind
     */
    Result backup(Path target) throws IOException;
}
