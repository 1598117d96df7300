package dev.minizk.recovery;

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
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@link Storage} on real files for the benchmarks, with the file calls of the final system's
 * {@code dev.minizk.storage.FileStorage}: an append is copied into the file's 64 KB append
 * buffer, which one {@link FileChannel#write} hands to the operating system when it is full or
 * before a sync or a read (as ZooKeeper's log buffers its appends), a sync is
 * {@link FileChannel#force force(false)} of the file (and of
 * the directory when a file was created since the last sync), an atomic write is a temporary
 * file forced and renamed. One difference: the force runs at once on the caller's thread (the
 * final system hands it to a sync thread), and its completion waits in a list until the caller
 * hands it on ({@link #completeSyncs}), as the server loop would. ZooKeeper's {@code
 * FileTxnLog.commit} forces on the caller's thread too, so both sides of a benchmark pay for
 * the same thing: the write and the fsync, no thread hand-off.
 *
 * <p>Why not {@code FileStorage} itself: it lives in {@code final-system}, which depends on this
 * stage, so this stage's benchmarks cannot use it; and moving it down would put threads and real
 * files into the stage modules or the simulator, which the course keeps free of I/O (protocol
 * code does no I/O: the real runtime is the final system's).
 */
final class BenchFileStorage implements Storage, AutoCloseable {
    private final Path directory;
    static final int APPEND_BUFFER_BYTES = 64 * 1024;
    private final Map<String, FileChannel> channels = new HashMap<>();
    private final Map<String, ByteBuffer> appendBuffers = new HashMap<>();
    private final List<SyncId> completed = new ArrayList<>();
    private long nextSyncId = 1;
    private boolean directoryDirty;
    private long forces;

    BenchFileStorage(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    @Override
    public void append(String file, byte[] bytes) {
        try {
            FileChannel channel = channel(file);
            ByteBuffer buffer = appendBuffers.computeIfAbsent(file, f -> ByteBuffer.allocateDirect(APPEND_BUFFER_BYTES));
            if (bytes.length > buffer.remaining()) {
                writeOut(channel, buffer);
            }
            if (bytes.length > buffer.capacity()) {
                writeFully(channel, ByteBuffer.wrap(bytes));
            } else {
                buffer.put(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    @Override
    public SyncId sync(String file) {
        try {
            flush(file);
            FileChannel channel = channels.get(file);
            if (channel != null) {
                channel.force(false);
                forces++;
            }
            if (directoryDirty) {
                forceDirectory();
                directoryDirty = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync " + file, e);
        }
        SyncId id = new SyncId(nextSyncId++);
        completed.add(id);
        return id;
    }

    /** Hands the syncs completed so far to {@code listener}, in order (what the server loop does). */
    void completeSyncs(Consumer<SyncId> listener) {
        List<SyncId> done = new ArrayList<>(completed);
        completed.clear();
        done.forEach(listener);
    }

    /** fsyncs of files so far (not counting the directory's). */
    long forces() {
        return forces;
    }

    @Override
    public void writeAtomically(String file, byte[] bytes) {
        Path temp = directory.resolve(file + ".tmp");
        try {
            closeChannel(file);
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(out, ByteBuffer.wrap(bytes));
                out.force(true);
            }
            Files.move(temp, directory.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + file, e);
        }
    }

    @Override
    public Optional<byte[]> read(String file) {
        try {
            flush(file);
            return Optional.of(Files.readAllBytes(directory.resolve(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public void delete(String file) {
        try {
            closeChannel(file);
            if (Files.deleteIfExists(directory.resolve(file))) {
                forceDirectory();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    @Override
    public List<String> files() {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.map(p -> p.getFileName().toString()).filter(name -> !name.endsWith(".tmp")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    @Override
    public void close() throws IOException {
        for (String file : new ArrayList<>(channels.keySet())) {
            flush(file);
            closeChannel(file);
        }
    }

    private FileChannel channel(String file) throws IOException {
        FileChannel channel = channels.get(file);
        if (channel == null) {
            Path path = directory.resolve(file);
            directoryDirty |= !Files.exists(path);
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            channels.put(file, channel);
        }
        return channel;
    }

    private void flush(String file) throws IOException {
        ByteBuffer buffer = appendBuffers.get(file);
        if (buffer != null && buffer.position() > 0) {
            writeOut(channels.get(file), buffer);
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

    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
