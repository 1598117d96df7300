package dev.minizk.recovery;

import dev.minizk.sim.SimDisk;
import dev.minizk.sim.Storage;
import dev.minizk.sim.SyncId;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A {@link Storage} over the simulator's {@link SimDisk} whose syncs complete only when the test
 * says so ({@link #completeNextSync}), in the order they were asked for: a disk to step by hand.
 */
final class ManualDisk implements Storage {
    private record Pending(SyncId id, String file, int upTo) {
    }

    final SimDisk disk;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private long nextSync = 1;

    ManualDisk(long seed, double tornWriteRate) {
        this.disk = new SimDisk(new Random(seed), tornWriteRate);
    }

    ManualDisk() {
        this(1, 0);
    }

    @Override
    public void append(String file, byte[] bytes) {
        disk.append(file, bytes);
    }

    @Override
    public SyncId sync(String file) {
        SyncId id = new SyncId(nextSync++);
        pending.addLast(new Pending(id, file, disk.syncPoint(file)));
        return id;
    }

    /** Completes the oldest sync asked for and returns its id. */
    SyncId completeNextSync() {
        Pending next = pending.removeFirst();
        disk.markDurable(next.file(), next.upTo());
        return next.id();
    }

    int syncsInFlight() {
        return pending.size();
    }

    /** The power goes out: unsynced bytes are lost (or torn) and the syncs in flight never complete. */
    void crash() {
        pending.clear();
        disk.crash();
    }

    @Override
    public void writeAtomically(String file, byte[] bytes) {
        disk.writeAtomically(file, bytes);
    }

    @Override
    public Optional<byte[]> read(String file) {
        return disk.read(file);
    }

    @Override
    public void delete(String file) {
        disk.delete(file);
    }

    @Override
    public List<String> files() {
        return disk.files();
    }
}
