package dev.minizk.election;

import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Simulator;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The world of the election search tests and of the debugger's election scenarios: three
 * voters whose logs differ, none started yet (the starts are events to order too). Built the
 * same way every time for the same arguments, so a trace of choices replays.
 *
 * <p>Server 1 has the longest log (epoch 1, zxid 0x100000002); servers 2 and 3 end one txn
 * earlier. The vote order puts the log first, so server 1 must win although its id is lowest.
 *
 * <p>A trace names its world by a scenario name ({@link #ofScenario}):
 * {@code fle-<servers>[-stale-vote][-seed-<seed>]}, for example {@code fle-3} (what the search
 * tests explore, seed 1), {@code fle-3-stale-vote} (the broken variant) or {@code fle-5-seed-7}
 * (five voters, the ones past 3 with the shorter log). The search tests' replay command and the
 * debugger ({@code ./minizk debug}) both build worlds from these names.
 */
public final class ThreeVoters {
    /** Each server's true last zxid: what its log holds, whatever it votes with. */
    public static final Map<Integer, Long> LOGS = Map.of(1, 0x1_0000_0002L, 2, 0x1_0000_0001L, 3, 0x1_0000_0001L);
    public static final long EPOCH = 1;
    public static final QuorumVerifier VOTERS = QuorumVerifier.majorityOf(3);
    /** The broken variant's votes: server 1 votes with zxid 0 though its log is the longest. */
    public static final Map<Integer, Long> STALE_VOTE = Map.of(1, 0L);
    /** The seed of a scenario whose name gives none (the search tests' seed). */
    public static final long DEFAULT_SEED = 1;
    private static final Pattern SCENARIO = Pattern.compile("fle-(\\d)(-stale-vote)?(?:-seed-(\\d{1,18}))?");

    private ThreeVoters() {
    }

    /**
     * The world, where the servers named in {@code votesWithZxid} vote with that zxid instead of
     * their log's: a broken variant (a server that reads its last zxid before replaying its log).
     */
    public static Simulator<Notification> world(long seed, Map<Integer, Long> votesWithZxid) {
        return world(seed, votesWithZxid, 3);
    }

    /** The world with {@code servers} voters (3 to 7): server 1 has the longest log, every other the shorter one. */
    public static Simulator<Notification> world(long seed, Map<Integer, Long> votesWithZxid, int servers) {
        if (servers < 3 || servers > 7) {
            throw new IllegalArgumentException("an election world has 3 to 7 voters, not " + servers);
        }
        QuorumVerifier voters = QuorumVerifier.majorityOf(servers);
        Simulator<Notification> sim = new Simulator<>(seed, SimConfig.reliable().withTimelineCapacity(64));
        for (int id = 1; id <= servers; id++) {
            long zxid = votesWithZxid.getOrDefault(id, logOf(id));
            sim.addNode(id, n -> new FastLeaderElection(ElectionConfig.of(voters, zxid, EPOCH)));
        }
        return sim;
    }

    /** Server {@code id}'s true last zxid: {@link #LOGS}, and for servers past 3 the shorter log. */
    public static long logOf(int id) {
        return LOGS.getOrDefault(id, LOGS.get(2));
    }

    /** Does {@code scenario} name an election world ({@link #ofScenario} builds it)? */
    public static boolean names(String scenario) {
        return SCENARIO.matcher(scenario).matches();
    }

    /**
     * The world a scenario name stands for: {@code fle-<servers>[-stale-vote][-seed-<seed>]}.
     *
     * @throws IllegalArgumentException for a name of no election world, saying what one looks like
     */
    public static Simulator<Notification> ofScenario(String scenario) {
        Matcher m = SCENARIO.matcher(scenario);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an election scenario: '" + scenario
                    + "' (one is fle-<servers>[-stale-vote][-seed-<seed>], like fle-3 or fle-3-seed-7)");
        }
        long seed = m.group(3) == null ? DEFAULT_SEED : Long.parseLong(m.group(3));
        return world(seed, m.group(2) == null ? Map.of() : STALE_VOTE, Integer.parseInt(m.group(1)));
    }

    /** The scenario name of a world {@link #ofScenario} builds again. */
    public static String scenario(int servers, boolean staleVote, long seed) {
        return "fle-" + servers + (staleVote ? "-stale-vote" : "") + (seed == DEFAULT_SEED ? "" : "-seed-" + seed);
    }
}
