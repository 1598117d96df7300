package dev.minizk.election;

import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Simulator;

import java.util.Map;

/**
 * The world of the election search tests and of the debugger's election scenarios: three
 * voters whose logs differ, none started yet (the starts are events to order too). Built the
 * same way every time for the same arguments, so a trace of choices replays.
 *
 * <p>Server 1 has the longest log (epoch 1, zxid 0x100000002); servers 2 and 3 end one txn
 * earlier. The vote order puts the log first, so server 1 must win although its id is lowest.
 */
public final class ThreeVoters {
    /** Each server's true last zxid: what its log holds, whatever it votes with. */
    public static final Map<Integer, Long> LOGS = Map.of(1, 0x1_0000_0002L, 2, 0x1_0000_0001L, 3, 0x1_0000_0001L);
    public static final long EPOCH = 1;
    public static final QuorumVerifier VOTERS = QuorumVerifier.majorityOf(3);
    /** The broken variant's votes: server 1 votes with zxid 0 though its log is the longest. */
    public static final Map<Integer, Long> STALE_VOTE = Map.of(1, 0L);

    private ThreeVoters() {
    }

    /**
     * The world, where the servers named in {@code votesWithZxid} vote with that zxid instead of
     * their log's: a broken variant (a server that reads its last zxid before replaying its log).
     */
    public static Simulator<Notification> world(long seed, Map<Integer, Long> votesWithZxid) {
        Simulator<Notification> sim = new Simulator<>(seed, SimConfig.reliable().withTimelineCapacity(64));
        for (int id = 1; id <= 3; id++) {
            long zxid = votesWithZxid.getOrDefault(id, LOGS.get(id));
            sim.addNode(id, n -> new FastLeaderElection(ElectionConfig.of(VOTERS, zxid, EPOCH)));
        }
        return sim;
    }
}
