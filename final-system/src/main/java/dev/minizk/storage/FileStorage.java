package dev.minizk.storage;

import dev.minizk.sim.Storage;
import dev.minizk.sim.SyncId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The simulator's {@link Storage} on real files, in one directory, for a server of the final
 * system. Every call but {@link #sync}'s completion happens on the server's loop thread:
 * <ul>
 * <li>{@link #append} copies the bytes into the file's append buffer (64 KB), which goes to the
 * operating system's cache through a {@link FileChannel} when it is full and before a sync or a
 * read of the file (so an append is visible to {@link #read} at once, and durable only after a
 * sync). ZooKeeper's log buffers its appends the same way: a system call per txn would cost
 * more than encoding the txn;</li>
 * <li>{@link #sync} queues the file for the sync thread, which calls {@link FileChannel#force}
 * off the loop and hands the completions back to it through {@code toLoop}, in the order the
 * syncs were asked for. The sync thread takes every request queued while it was forcing and
 * forces each file once for all of them: group commit, the reason a busy server writes more
 * txns per fsync;</li>
 * <li>{@link #writeAtomically} writes {@code NAME.tmp}, forces it, renames it over {@code NAME}
 * and forces the directory, so after a crash the file holds the old or the new bytes;
 * {@link #delete} removes a file and forces the directory.</li>
 * </ul>
 * A failed write or fsync is not retried (after a failed fsync the kernel may have dropped the
 * dirty pages: "fsyncgate"); it goes to the loop as an error, and the server stops.
 */
public final class FileStorage implements Storage, AutoCloseable {
    /** Syncs waiting for the sync thread; past it the loop asks faster than a disk can answer, which is a bug. */
    private static final int MAX_PENDING_SYNCS = 100_000;
    private static final String TEMP_SUFFIX = ".tmp";
    /** Appends collected per file before one write to the operating system. */
    static final int APPEND_BUFFER_BYTES = 64 * 1024;

    /** What the sync thread hands back to the loop. */
    public interface SyncListener {
        /** These syncs are durable, in the order they were asked for (on the loop thread). */
        void synced(List<SyncId> syncs);

        /** A sync failed: the disk cannot be trusted any more (on the loop thread). */
        void failed(IOException error);
    }

    private record PendingSync(SyncId id, FileChannel channel, boolean directoryToo) {
    }

    private final Path directory;
    private final Executor toLoop;
    private final SyncListener listener;
    private final Map<String, FileChannel> channels = new HashMap<>();
    /** Bytes appended to an open file and not yet written to it (direct: written without a copy). */
    private final Map<String, ByteBuffer> appendBuffers = new HashMap<>();
    private final BlockingQueue<PendingSync> pending = new ArrayBlockingQueue<>(MAX_PENDING_SYNCS);
    private final Thread syncThread;
    private final SyncStats stats = new SyncStats();
    private volatile boolean closed;
    private long nextSyncId = 1;
    /** A file was created since the last sync: its directory entry must be forced too. */
    private boolean directoryDirty;

    /**
     * @param directory created if missing
     * @param toLoop    runs a task on the server's loop thread (the loop's {@code execute})
     * @param listener  told on the loop when syncs complete or fail
     */
    public FileStorage(Path directory, Executor toLoop, SyncListener listener) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.toLoop = toLoop;
        this.listener = listener;
        this.syncThread = new Thread(this::syncLoop, "minizk-fsync");
        syncThread.setDaemon(true);
        syncThread.start();
    }

    public Path directory() {
        return directory;
    }

    /** fsync latency and txns (sync requests) per fsync, for the status page; any thread. */
    public SyncStats stats() {
        return stats;
    }

    // ------------------------------------------------------------------ Storage (loop thread)

    @Override
    public void append(String file, byte[] bytes) {
        try {
            FileChannel channel = channel(file);
            ByteBuffer buffer = appendBuffers.computeIfAbsent(file, f -> ByteBuffer.allocateDirect(APPEND_BUFFER_BYTES));
            if (bytes.length > buffer.remaining()) {
                writeOut(channel, buffer);
            }
            if (bytes.length > buffer.capacity()) {
                writeFully(channel, ByteBuffer.wrap(bytes)); // a snapshot: no point copying it
            } else {
                buffer.put(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + path(file), e);
        }
    }

    @Override
    public SyncId sync(String file) {
        flush(file);
        SyncId id = new SyncId(nextSyncId++);
        FileChannel channel = channels.get(file);
        if (channel == null && Files.exists(path(file))) {
            channel = channel(file);
        }
        PendingSync request = new PendingSync(id, channel, directoryDirty);
        directoryDirty = false;
        if (!pending.offer(request)) {
            throw new IllegalStateException(MAX_PENDING_SYNCS + " syncs are waiting for the disk");
        }
        return id;
    }

    @Override
    public void writeAtomically(String file, byte[] bytes) {
        Path target = path(file);
        Path temp = directory.resolve(file + TEMP_SUFFIX);
        try {
            closeChannel(file);
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(out, ByteBuffer.wrap(bytes));
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + target, e);
        }
    }

    @Override
    public Optional<byte[]> read(String file) {
        flush(file);
        try {
            return Optional.of(Files.readAllBytes(path(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path(file), e);
        }
    }

    @Override
    public void delete(String file) {
        try {
            closeChannel(file);
            if (Files.deleteIfExists(path(file))) {
                forceDirectory();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path(file), e);
        }
    }

    @Override
    public List<String> files() {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> !name.endsWith(TEMP_SUFFIX)) // a replace that a crash interrupted
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** Stops the sync thread (syncs not yet forced never complete) and closes the files. */
    @Override
    public void close() {
        closed = true;
        syncThread.interrupt();
        try {
            syncThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String file : new ArrayList<>(channels.keySet())) {
            try {
                flush(file);
                closeChannel(file);
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    // ------------------------------------------------------------------ files

    private Path path(String file) {
        if (file.isEmpty() || file.contains("/") || file.contains("\\") || file.startsWith(".") || file.endsWith(TEMP_SUFFIX)) {
            throw new IllegalArgumentException("not a plain file name: '" + file + "'");
        }
        return directory.resolve(file);
    }

    private FileChannel channel(String file) {
        FileChannel channel = channels.get(file);
        if (channel != null) {
            return channel;
        }
        Path path = path(file);
        try {
            boolean existed = Files.exists(path);
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            directoryDirty |= !existed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path, e);
        }
        channels.put(file, channel);
        return channel;
    }

    /** Hands the file's buffered appends to the operating system. */
    private void flush(String file) {
        ByteBuffer buffer = appendBuffers.get(file);
        if (buffer != null && buffer.position() > 0) {
            try {
                writeOut(channels.get(file), buffer);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + path(file), e);
            }
        }
    }

    private static void writeOut(FileChannel channel, ByteBuffer buffer) throws IOException {
        buffer.flip();
        writeFully(channel, buffer);
        buffer.clear();
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Closes the file; appends still buffered are dropped (the file is being replaced or deleted). */
    private void closeChannel(String file) throws IOException {
        appendBuffers.remove(file);
        FileChannel channel = channels.remove(file);
        if (channel != null) {
            channel.close();
        }
    }

    /** Makes the directory's entries (a create, a rename, a delete) durable. */
    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    // ------------------------------------------------------------------ the sync thread

    private void syncLoop() {
        List<PendingSync> batch = new ArrayList<>();
        while (!closed) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                return; // closed
            }
            pending.drainTo(batch);
            long startedNanos = System.nanoTime();
            try {
                forceAll(batch);
            } catch (IOException e) {
                if (!closed) {
                    toLoop.execute(() -> listener.failed(e));
                }
                return; // no sync completes after one failed
            }
            stats.record(System.nanoTime() - startedNanos, batch.size());
            List<SyncId> done = batch.stream().map(PendingSync::id).toList();
            batch.clear();
            if (!closed) {
                toLoop.execute(() -> listener.synced(done));
            }
        }
    }

    /** Forces each file of the batch once, and the directory if a file was created. */
    private void forceAll(List<PendingSync> batch) throws IOException {
        List<FileChannel> forced = new ArrayList<>();
        boolean directoryToo = false;
        for (PendingSync sync : batch) {
            directoryToo |= sync.directoryToo();
            if (sync.channel() != null && !forced.contains(sync.channel())) {
                forced.add(sync.channel());
                try {
                    sync.channel().force(false);
                } catch (java.nio.channels.ClosedChannelException e) {
                    // deleted or replaced on the loop since: nothing of it is left to make durable
                }
            }
        }
        if (directoryToo) {
            forceDirectory();
        }
    }

    /** Sync timings, written by the sync thread and read by any. */
    public static final class SyncStats {
        private long forces;
        private long syncs;
        private long totalNanos;
        private long lastNanos;
        private long maxNanos;

        synchronized void record(long nanos, int syncsCovered) {
            forces++;
            syncs += syncsCovered;
            totalNanos += nanos;
            lastNanos = nanos;
            maxNanos = Math.max(maxNanos, nanos);
        }

        /** How many times the sync thread forced the disk. */
        public synchronized long forces() {
            return forces;
        }

        /** Sync requests per force: above 1 when group commit gathered several. */
        public synchronized double syncsPerForce() {
            return forces == 0 ? 0 : (double) syncs / forces;
        }

        public synchronized double averageMillis() {
            return forces == 0 ? 0 : totalNanos / 1e6 / forces;
        }

        public synchronized double lastMillis() {
            return lastNanos / 1e6;
        }

        public synchronized double maxMillis() {
            return maxNanos / 1e6;
        }
    }
}
