package dev.minizk.fault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The faults injected into an ensemble, one JSON line each, appended by whoever injects them
 * ({@code minizk fault} or any member's page), under a file lock so two never interleave. It is
 * a demo's record, not data: a torn last line (a writer killed mid-line) is skipped when read.
 */
public final class FaultLog {
    /** Lines read back: the timeline shows the newest; older ones stay in the file. */
    public static final int MAX_SHOWN = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NEWLINE = {'\n'};
    private final Path file;

    FaultLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public void append(FaultEvent event) throws IOException {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a fault event does not serialize", e);
        }
        // At the end under the file lock (not O_APPEND, which cannot read the last byte): processes take turns;
        // threads of one process take turns on the class, as a second lock of the same file in one JVM throws.
        synchronized (FaultLog.class) {
            appendLocked(line);
        }
    }

    private void appendLocked(byte[] line) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); var lock = channel.lock()) {
            ByteBuffer buffer = ByteBuffer.wrap(endsTorn(channel) ? concat(NEWLINE, line) : line);
            long position = channel.size();
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
        }
    }

    /** A writer killed mid-line left no newline: the next line must not be glued to its remains. */
    private static boolean endsTorn(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return false;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        return last.get(0) != NEWLINE[0];
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** The newest {@link #MAX_SHOWN} faults, newest first; none when nothing was injected yet. */
    public List<FaultEvent> recent() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<FaultEvent> events = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0 && events.size() < MAX_SHOWN; i--) {
            try {
                events.add(JSON.readValue(lines.get(i), FaultEvent.class));
            } catch (JsonProcessingException e) {
                // a line torn by a writer killed mid-write: not a fault to show
            }
        }
        return Collections.unmodifiableList(events);
    }
}
