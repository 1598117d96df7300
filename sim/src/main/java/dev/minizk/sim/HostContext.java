package dev.minizk.sim;

import dev.minizk.sim.Timeline.Kind;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One incarnation's view of the world. It goes dead when its host crashes: sends and timers
 * of a dead incarnation vanish (a crashed process sends nothing), and any use of its storage
 * throws, because a dead process touching the disk of its successor is a bug in the scenario,
 * not a fault the world can have.
 */
final class HostContext<M> implements NodeContext<M>, Storage {
    private final Simulator<M> sim;
    private final Host<M> host;
    private final int incarnation;
    private final Random nodeRandom;

    HostContext(Simulator<M> sim, Host<M> host, int incarnation, Random nodeRandom) {
        this.sim = sim;
        this.host = host;
        this.incarnation = incarnation;
        this.nodeRandom = nodeRandom;
    }

    private boolean alive() {
        return host.isLive(incarnation);
    }

    private SimDisk disk() {
        if (!alive()) {
            throw new IllegalStateException("node " + host.id + " incarnation " + incarnation + " is dead (the host "
                    + (host.up ? "runs incarnation " + host.incarnation : "is down")
                    + "): a stale context must not touch the disk");
        }
        return host.disk;
    }

    @Override
    public int id() {
        return host.id;
    }

    @Override
    public long now() {
        return host.localTime(sim.now());
    }

    @Override
    public void send(int to, M message) {
        if (alive()) {
            sim.send(host, to, message);
        }
    }

    @Override
    public TimerId setTimer(long delayMillis, TimerTag tag) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("negative timer delay " + delayMillis + " for " + tag);
        }
        return sim.setTimer(host, incarnation, alive(), delayMillis, tag);
    }

    @Override
    public void cancelTimer(TimerId timer) {
        sim.cancelTimer(timer);
    }

    @Override
    public Storage storage() {
        return this;
    }

    @Override
    public Random random() {
        return nodeRandom;
    }

    @Override
    public void trace(String what) {
        sim.record(host.id, Kind.TRACE, 0, what);
    }

    // ---- Storage

    @Override
    public void append(String file, byte[] bytes) {
        disk().append(file, bytes);
    }

    @Override
    public SyncId sync(String file) {
        return sim.sync(host, incarnation, disk().syncPoint(file), file);
    }

    @Override
    public void writeAtomically(String file, byte[] bytes) {
        disk().writeAtomically(file, bytes);
    }

    @Override
    public Optional<byte[]> read(String file) {
        return disk().read(file);
    }

    @Override
    public void delete(String file) {
        disk().delete(file);
    }

    @Override
    public List<String> files() {
        return disk().files();
    }
}
