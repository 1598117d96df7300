package dev.minizk.recovery;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Timeline;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.ZabConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The torn-write run of lesson 05: a leader cut off from its followers logs writes nobody else
 * sees; it crashes while a sync is in flight and the crash tears its log in the middle of a
 * record. Back up, it cuts the tail where the checksum fails, and the new leader truncates the
 * orphaned writes that did reach its disk whole (TRUNC), then sends it what it missed. The test
 * prints the run's timeline, the events of that server's recovery and synchronization; replay:
 * {@code mvn -q -pl 05-recovery -am test -Dtest=TornWriteRunTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class TornWriteRunTest {
    static final long SEED = 5;

    @Test
    void a_leader_crashed_mid_write_cuts_its_torn_tail_by_checksum_and_is_truncated_by_the_new_leader() {
        DurableEnsemble e = new DurableEnsemble(SEED, SimConfig.reliable().withDisk(5, 10, 1.0).withTimelineCapacity(1_000_000),
                QuorumVerifier.majorityOf(3), ZabConfig.simulated(), RecoveryConfig.simulated().withSnapCount(1_000));
        e.settle(5_000);
        e.write(3);
        e.settle(5_000);
        int old = e.leader().orElseThrow();
        long from = e.sim.now();
        e.sim.isolate(old);
        e.write(2);          // logged by the old leader alone ...
        e.sim.runFor(15);    // ... and synced to its disk
        e.write(3);          // three more: appended, their sync in flight
        e.sim.runFor(1);
        e.sim.crash(old);    // the power goes out; the unsynced tail is torn
        e.sim.heal();
        e.sim.runFor(3_000); // the other two elect a new leader
        e.write(2);
        e.sim.runFor(200);
        int leader = e.leader().orElseThrow();
        long epoch = e.replica(leader).orElseThrow().currentEpoch();
        e.sim.restart(old);
        e.settle(10_000);

        String run = timeline(e, old, from);
        System.out.println("---- the torn-write run (seed " + SEED + "), server " + old + " ----\n" + run
                + "---- replay: mvn -q -pl 05-recovery -am test -Dtest=TornWriteRunTest -Dsurefire.failIfNoSpecifiedTests=false");
        assertThat(run).as("the crash tore a record").containsPattern("damaged at byte \\d+: a (bad checksum|record cut short)");
        assertThat(e.sent(PeerMessage.Trunc.class)).as("the orphaned writes were truncated").isPositive();
        assertThat(e.leader()).as("the old leader joined the new one").contains(leader);
        assertThat(e.replica(leader).orElseThrow().currentEpoch()).as("without another election").isEqualTo(epoch);
        for (int id : e.verifier.members()) {
            assertThat(e.lostWrites(id)).as("server %d", id).isEmpty();
            assertThat(e.stateMismatch(id)).isNull();
        }
        assertThat(e.sameTrees()).isTrue();
        e.check().throwIfViolated();
    }

    /** What happened to server {@code id} from {@code from} on: faults, its disk, its recovery and its synchronization. */
    private static String timeline(DurableEnsemble e, int id, long from) {
        List<Timeline.Event> events = e.sim.timeline().events().stream().filter(ev -> ev.time() >= from).toList();
        return events.stream().filter(ev -> shown(ev, id)).map(ev -> ev + "\n").collect(Collectors.joining());
    }

    private static boolean shown(Timeline.Event ev, int id) {
        return switch (ev.kind()) {
            case FAULT, CRASH, RESTART -> true;
            case SYNCED, ACT -> ev.node() == id;
            case TRACE -> ev.node() == id && String.valueOf(ev.detail()).matches("(?s).*(log |recovered|snapshot|LEADING|FOLLOWING|up to date).*");
            case SEND -> (ev.node() == id || ev.peer() == id) && ev.detail() instanceof PeerMessage message && syncMessage(message);
            default -> false;
        };
    }

    private static boolean syncMessage(PeerMessage message) {
        return message instanceof PeerMessage.Diff || message instanceof PeerMessage.Trunc || message instanceof PeerMessage.Snap
                || message instanceof PeerMessage.NewLeader || message instanceof PeerMessage.UpToDate
                || message instanceof PeerMessage.Proposal || message instanceof PeerMessage.Commit || message instanceof PeerMessage.AckEpoch
                || message instanceof PeerMessage.LeaderInfo;
    }
}
