package carbine.runtime.internal;

import java.io.IOException;
import java.io.Writer;

/** Writes a {@link Status} as text. */
@FunctionalInterface
public interface StatusSerializer {
    void write(Status status, Writer out) throws IOException;
}
