package carbine.runtime.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code status.json}, replaced atomically: the new content goes to a temporary file in the same directory,
 * which is then moved over the old one. Readers see the old file or the new one, never a part.
 */
public final class StatusFile {
    private final Path file;
    private final StatusSerializer serializer;

    public StatusFile(Path file, StatusSerializer serializer) {
        this.file = file.toAbsolutePath();
        this.serializer = serializer;
    }

    public Path file() {
        return file;
    }

    /**
     * Writes the status. On any failure the old file stays as it was and the temporary file is removed.
     *
     * @throws IOException when the file could not be written or replaced (including a failing serializer)
     */
    public synchronized void write(Status status) throws IOException {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        Path temp = file.resolveSibling("." + file.getFileName() + "." + HexFormat.of().formatHex(random)
                + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    Writer out = Channels.newWriter(channel, StandardCharsets.UTF_8)) {
                serializer.write(status, out);
                out.flush();
                channel.force(true); // the content is on disk before the name points at it
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e instanceof IOException io ? io : new IOException("could not serialize the status: " + e, e);
        }
    }
}
