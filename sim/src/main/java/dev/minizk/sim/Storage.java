package dev.minizk.sim;

import java.util.List;
import java.util.Optional;

/**
 * A server's disk, as a few named files. Appends go to the operating system's cache first:
 * they are visible to reads at once but survive a crash only once a {@link #sync} that covers
 * them has completed ({@link Node#onSyncCompleted}). A crash loses unsynced appends, and may
 * tear the first of them (keep a prefix of it), as a real disk may.
 */
public interface Storage {

    /** Appends bytes to a file (creating it). Not durable until a sync covering it completes. */
    void append(String file, byte[] bytes);

    /**
     * Asks for everything appended to {@code file} so far to be made durable. Completion is an
     * event: {@link Node#onSyncCompleted} with the returned id, some time later. A crash before
     * then loses the appends.
     */
    SyncId sync(String file);

    /**
     * Replaces a small file all at once and durably before returning (it stands for "write a
     * temporary file, sync it, rename it over the old one": after a crash the file is the old
     * or the new content, never a mixture). ZooKeeper keeps its epochs this way.
     */
    void writeAtomically(String file, byte[] bytes);

    /** The file as this node sees it now (synced or not), or empty if there is none. */
    Optional<byte[]> read(String file);

    /** Removes a file at once and durably. */
    void delete(String file);

    /** The names of the files, sorted. */
    List<String> files();
}
