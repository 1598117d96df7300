package dev.minizk.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * One server's simulated disk: the files it keeps across crashes. Each file has its current
 * bytes (what reads see) and a durable length (what a crash keeps). {@link #crash} cuts every
 * file back to its durable length, or, with probability {@code tornWriteRate}, to a random byte
 * inside the unsynced tail: some appends made it, and the last of those may be torn.
 *
 * <p>The simulator owns the disks and schedules sync completions; nodes see a {@link Storage}.
 */
public final class SimDisk {

    private static final class FileState {
        byte[] data = new byte[64];
        int length;
        int durableLength;

        void append(byte[] bytes) {
            if (length + bytes.length > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, length + bytes.length));
            }
            System.arraycopy(bytes, 0, data, length, bytes.length);
            length += bytes.length;
        }
    }

    private final TreeMap<String, FileState> files = new TreeMap<>();
    private final Random random;
    private final double tornWriteRate;

    public SimDisk(Random random, double tornWriteRate) {
        this.random = random;
        this.tornWriteRate = tornWriteRate;
    }

    public void append(String file, byte[] bytes) {
        files.computeIfAbsent(checkName(file), f -> new FileState()).append(bytes.clone());
    }

    /** Where a sync of {@code file} asked for now will make the file durable up to. */
    public int syncPoint(String file) {
        FileState state = files.get(file);
        return state == null ? 0 : state.length;
    }

    /** A sync completed: the first {@code upTo} bytes of the file are durable. */
    public void markDurable(String file, int upTo) {
        FileState state = files.get(file);
        if (state != null) {
            state.durableLength = Math.max(state.durableLength, Math.min(upTo, state.length));
        }
    }

    public void writeAtomically(String file, byte[] bytes) {
        FileState state = new FileState();
        state.append(bytes.clone());
        state.durableLength = state.length;
        files.put(checkName(file), state);
    }

    public Optional<byte[]> read(String file) {
        FileState state = files.get(file);
        return state == null ? Optional.empty() : Optional.of(Arrays.copyOf(state.data, state.length));
    }

    public void delete(String file) {
        files.remove(file);
    }

    public List<String> files() {
        return new ArrayList<>(files.keySet());
    }

    /**
     * What is on the disk, as a value a search can compare: per file its name, length, durable
     * length and a hash of its bytes (two disks that differ only in a hash collision look equal).
     */
    public List<List<Object>> fingerprint() {
        List<List<Object>> all = new ArrayList<>();
        files.forEach((name, state) -> all.add(List.of(name, state.length, state.durableLength,
                Arrays.hashCode(Arrays.copyOf(state.data, state.length)))));
        return all;
    }

    /** Bytes of {@code file} not yet durable. */
    public int unsyncedBytes(String file) {
        FileState state = files.get(file);
        return state == null ? 0 : state.length - state.durableLength;
    }

    /**
     * The power went out: every file keeps its durable bytes, and with probability
     * {@code tornWriteRate} a random prefix of its unsynced tail. Returns a description of what
     * was lost, for the timeline (empty if nothing was).
     */
    public String crash() {
        StringBuilder lost = new StringBuilder();
        for (var entry : files.entrySet()) {
            FileState state = entry.getValue();
            int unsynced = state.length - state.durableLength;
            if (unsynced == 0) {
                continue;
            }
            int kept = random.nextDouble() < tornWriteRate ? random.nextInt(unsynced) : 0;
            state.length = state.durableLength + kept;
            state.durableLength = state.length;
            lost.append(lost.isEmpty() ? "" : ", ").append(entry.getKey()).append(": lost ")
                    .append(unsynced - kept).append(" of ").append(unsynced).append(" unsynced bytes");
        }
        return lost.toString();
    }

    private static String checkName(String file) {
        if (file == null || file.isEmpty() || file.contains("/")) {
            throw new IllegalArgumentException("bad file name: '" + file + "' (a plain name, no '/')");
        }
        return file;
    }
}
