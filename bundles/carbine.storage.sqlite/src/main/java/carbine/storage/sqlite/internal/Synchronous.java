package carbine.storage.sqlite.internal;

/** SQLite's {@code PRAGMA synchronous} levels that Carbine allows. */
public enum Synchronous {
    /** Every commit is flushed to disk: a committed batch survives a power loss. */
    FULL,
    /** Commits are flushed at checkpoints only (WAL): a power loss may lose the last commits, never corrupts. */
    NORMAL
}
