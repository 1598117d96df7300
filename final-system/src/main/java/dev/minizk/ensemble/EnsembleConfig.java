package dev.minizk.ensemble;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.net.RuntimeConfig;
import dev.minizk.recovery.RecoveryConfig;
import dev.minizk.zab.ZabConfig;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one server of an ensemble needs: who it is, every member, its client side (the
 * standalone server's {@link RuntimeConfig}), where its files live and Zab's timing.
 *
 * @param dataDir the server's {@code dataDir}: its files go in {@code dataDir/minizk/}
 */
public record EnsembleConfig(int myId, Map<Integer, Member> members, RuntimeConfig runtime, Path dataDir, ZabConfig zab,
                             RecoveryConfig recovery) {

    public EnsembleConfig {
        members = Collections.unmodifiableMap(new TreeMap<>(members));
        if (!members.containsKey(myId)) {
            throw new IllegalArgumentException("myid " + myId + " is not among the servers " + members.keySet());
        }
        if (members.values().stream().allMatch(Member::observer)) {
            throw new IllegalArgumentException("an ensemble needs at least one voter (every server.N is an observer)");
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("an ensemble's server needs a dataDir");
        }
    }

    /**
     * ZooKeeper's limits in ticks (initLimit 10, syncLimit 5) with this tick, and at most 1,000
     * proposals in flight.
     */
    public static ZabConfig zabFor(int tickMillis, int initLimit, int syncLimit) {
        return new ZabConfig(tickMillis, initLimit, syncLimit, 1_000);
    }

    /** ZooKeeper's snapCount (100,000) and three snapshots kept; a fuzzy snapshot writes 1,000 nodes a millisecond. */
    public static RecoveryConfig recoveryDefaults() {
        return new RecoveryConfig(100_000, 3, 1_000, 1);
    }

    public QuorumVerifier verifier() {
        List<Integer> voters = members.values().stream().filter(m -> !m.observer()).map(Member::id).toList();
        List<Integer> observers = members.values().stream().filter(Member::observer).map(Member::id).toList();
        return new QuorumVerifier(voters, observers);
    }

    public Member me() {
        return members.get(myId);
    }

    /** The quorum addresses of every other member. */
    public Map<Integer, InetSocketAddress> peerAddresses() {
        Map<Integer, InetSocketAddress> peers = new TreeMap<>();
        members.forEach((id, m) -> {
            if (id != myId) {
                peers.put(id, m.quorumAddress());
            }
        });
        return peers;
    }

    public Path storageDirectory() {
        return dataDir.resolve("minizk");
    }
}
