package dev.minizk.zabcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hand-made runs of a 3-voter ensemble: one healthy, then one broken property at a time. */
class ZabCheckerTest {
    private static final Quorum THREE_VOTERS = Quorum.majorityOf(3);

    private static long z(long epoch, long counter) {
        return Zxids.of(epoch, counter);
    }

    private static Delivery d(long epoch, long counter) {
        return new Delivery(z(epoch, counter), "txn-" + epoch + "." + counter);
    }

    /** Leader 1 in epoch 1 proposes and commits three txns (acked by 1 and 2); everyone delivers them. */
    private static final class RunBuilder {
        final List<ServerLog> logs = new ArrayList<>();
        final List<Establishment> establishments = new ArrayList<>(List.of(new Establishment(1, 1, 0, Set.of(1, 2))));
        final List<Proposal> proposals = new ArrayList<>();
        final List<Commit> commits = new ArrayList<>();

        RunBuilder() {
            for (int c = 1; c <= 3; c++) {
                proposals.add(new Proposal(z(1, c), d(1, c).txn(), 1));
                commits.add(new Commit(z(1, c), 1, Set.of(1, 2)));
            }
            for (int s = 1; s <= 3; s++) {
                logs.add(ServerLog.of(s, d(1, 1), d(1, 2), d(1, 3)));
            }
        }

        ZabReport check() {
            return ZabChecker.check(new ZabRun(logs, establishments, proposals, commits, THREE_VOTERS));
        }
    }

    private static List<ZabProperty> properties(ZabReport report) {
        return report.violations().stream().map(ZabViolation::property).toList();
    }

    @Test
    void a_healthy_run_holds_every_property() {
        ZabReport report = new RunBuilder().check();
        assertThat(report.ok()).as(report.describe()).isTrue();
        assertThat(report.describe()).contains("3 server logs", "3 distinct txns");
    }

    @Test
    void a_lagging_follower_and_a_server_synced_by_snapshot_are_fine() {
        RunBuilder run = new RunBuilder();
        run.logs.set(2, ServerLog.of(3, d(1, 1)));
        run.logs.add(new ServerLog("s3#1", 3, z(1, 2), List.of(d(1, 3))));
        assertThat(run.check().ok()).as(run.check().describe()).isTrue();
    }

    @Test
    void a_new_epoch_whose_leader_holds_the_old_history_is_fine() {
        RunBuilder run = new RunBuilder();
        run.establishments.add(new Establishment(2, 2, z(1, 3), Set.of(2, 3)));
        run.proposals.add(new Proposal(z(2, 1), d(2, 1).txn(), 2));
        run.commits.add(new Commit(z(2, 1), 2, Set.of(2, 3)));
        run.logs.set(1, ServerLog.of(2, d(1, 1), d(1, 2), d(1, 3), d(2, 1)));
        assertThat(run.check().ok()).as(run.check().describe()).isTrue();
    }

    @Test
    void two_leaders_established_in_one_epoch() {
        RunBuilder run = new RunBuilder();
        run.establishments.add(new Establishment(1, 3, 0, Set.of(3, 2)));
        ZabReport report = run.check();
        assertThat(properties(report)).contains(ZabProperty.ONE_LEADER_PER_EPOCH);
        assertThat(report.describe()).contains("two leaders were established in epoch 1",
                "leader 1 established", "leader 3 established");
    }

    @Test
    void a_leader_established_without_a_quorum() {
        RunBuilder run = new RunBuilder();
        run.establishments.set(0, new Establishment(1, 1, 0, Set.of(1)));
        assertThat(properties(run.check())).containsExactly(ZabProperty.ESTABLISHED_BY_QUORUM);
    }

    @Test
    void a_reordered_commit_breaks_total_order() {
        RunBuilder run = new RunBuilder();
        run.logs.set(1, ServerLog.of(2, d(1, 1), d(1, 3), d(1, 2)));
        ZabReport report = run.check();
        assertThat(properties(report)).containsExactly(ZabProperty.TOTAL_ORDER);
        assertThat(report.describe()).contains("s2 delivered 0x1_00000002 after 0x1_00000003");
    }

    @Test
    void a_commit_without_a_quorum_of_acks() {
        RunBuilder run = new RunBuilder();
        run.commits.set(2, new Commit(z(1, 3), 1, Set.of(1)));
        ZabReport report = run.check();
        assertThat(properties(report)).containsExactly(ZabProperty.QUORUM_COMMIT);
        assertThat(report.describe()).contains("committed 0x1_00000003 without a quorum", "acks from [1]");
    }

    @Test
    void observers_acks_do_not_make_a_quorum() {
        RunBuilder run = new RunBuilder();
        run.commits.set(2, new Commit(z(1, 3), 1, Set.of(1, 4)));
        assertThat(properties(run.check())).containsExactly(ZabProperty.QUORUM_COMMIT);
    }

    @Test
    void a_delivered_txn_without_any_commit() {
        RunBuilder run = new RunBuilder();
        run.commits.remove(2);
        ZabReport report = run.check();
        assertThat(properties(report)).containsExactly(ZabProperty.QUORUM_COMMIT);
        assertThat(report.describe()).contains("delivered but never committed");
    }

    @Test
    void a_server_delivering_a_txn_the_others_skipped() {
        RunBuilder run = new RunBuilder();
        run.proposals.add(new Proposal(z(1, 4), d(1, 4).txn(), 1));
        run.commits.add(new Commit(z(1, 4), 1, Set.of(1, 2)));
        run.logs.set(0, ServerLog.of(1, d(1, 1), d(1, 2), d(1, 3), d(1, 4)));
        run.logs.set(2, ServerLog.of(3, d(1, 1), d(1, 2), d(1, 4)));
        ZabReport report = run.check();
        assertThat(properties(report)).containsExactly(ZabProperty.TOTAL_ORDER);
        assertThat(report.describe()).contains("s3 skipped a txn that s1 delivered before a later one",
                "s3 delivered 0x1_00000004 txn-1.4 without 0x1_00000003");
    }

    @Test
    void one_server_delivering_a_txn_that_every_other_server_skipped() {
        RunBuilder run = new RunBuilder();
        run.proposals.add(new Proposal(z(1, 4), d(1, 4).txn(), 1));
        run.commits.add(new Commit(z(1, 4), 1, Set.of(1, 2)));
        run.logs.set(0, ServerLog.of(1, d(1, 1), d(1, 2), d(1, 3), d(1, 4)));
        run.logs.set(1, ServerLog.of(2, d(1, 1), d(1, 2), d(1, 4)));
        run.logs.set(2, ServerLog.of(3, d(1, 1), d(1, 2), d(1, 4)));
        ZabReport report = run.check();
        assertThat(properties(report)).containsExactly(ZabProperty.TOTAL_ORDER, ZabProperty.TOTAL_ORDER);
        assertThat(report.describe()).contains("s2 skipped a txn that s1 delivered before a later one",
                "s3 skipped a txn that s1 delivered before a later one");
    }

    @Test
    void two_servers_each_delivering_what_the_other_lacks_break_agreement() {
        RunBuilder run = new RunBuilder();
        run.proposals.add(new Proposal(z(1, 4), d(1, 4).txn(), 1));
        run.commits.add(new Commit(z(1, 4), 1, Set.of(1, 2)));
        run.logs.set(2, ServerLog.of(3, d(1, 1), d(1, 2), d(1, 4)));
        assertThat(properties(run.check())).containsExactly(ZabProperty.AGREEMENT);
    }

    @Test
    void two_servers_delivering_different_txns_under_one_zxid_break_agreement() {
        RunBuilder run = new RunBuilder();
        run.logs.set(2, ServerLog.of(3, d(1, 1), new Delivery(z(1, 2), "something else"), d(1, 3)));
        ZabReport report = run.check();
        assertThat(properties(report)).contains(ZabProperty.AGREEMENT);
        assertThat(report.describe()).contains("servers delivered different txns as 0x1_00000002");
    }

    @Test
    void a_txn_nobody_proposed_breaks_integrity() {
        RunBuilder run = new RunBuilder();
        run.proposals.remove(1);
        ZabReport report = run.check();
        assertThat(properties(report)).containsExactly(ZabProperty.INTEGRITY);
        assertThat(report.describe()).contains("no PROPOSAL carries 0x1_00000002");
    }

    @Test
    void a_proposal_from_a_server_that_is_not_the_leader_breaks_integrity() {
        RunBuilder run = new RunBuilder();
        run.proposals.set(2, new Proposal(z(1, 3), d(1, 3).txn(), 2));
        assertThat(properties(run.check())).containsExactly(ZabProperty.INTEGRITY);
    }

    @Test
    void a_leader_proposing_out_of_order_breaks_local_primary_order() {
        RunBuilder run = new RunBuilder();
        run.proposals.add(1, run.proposals.remove(2));
        assertThat(properties(run.check())).containsExactly(ZabProperty.LOCAL_PRIMARY_ORDER);
    }

    @Test
    void delivering_past_a_proposal_nobody_delivered_breaks_local_primary_order() {
        RunBuilder run = new RunBuilder();
        for (int s = 0; s < 3; s++) {
            run.logs.set(s, ServerLog.of(s + 1, d(1, 1), d(1, 3)));
        }
        run.commits.remove(1);
        ZabReport report = run.check();
        assertThat(properties(report)).containsOnly(ZabProperty.LOCAL_PRIMARY_ORDER);
        assertThat(report.describe()).contains("leader 1 proposed 0x1_00000002 txn-1.2 (delivered by no server)");
    }

    @Test
    void an_old_epoch_delivered_after_a_new_one_breaks_global_primary_order() {
        RunBuilder run = new RunBuilder();
        run.establishments.add(new Establishment(2, 2, z(1, 3), Set.of(2, 3)));
        run.proposals.add(new Proposal(z(2, 1), d(2, 1).txn(), 2));
        run.commits.add(new Commit(z(2, 1), 2, Set.of(2, 3)));
        run.logs.set(2, ServerLog.of(3, d(1, 1), d(1, 2), d(2, 1), d(1, 3)));
        ZabReport report = run.check();
        assertThat(properties(report)).contains(ZabProperty.GLOBAL_PRIMARY_ORDER);
        assertThat(report.describe()).contains("an older epoch after a newer one");
    }

    @Test
    void a_new_leader_missing_a_delivered_old_txn_breaks_primary_integrity() {
        RunBuilder run = new RunBuilder();
        run.establishments.add(new Establishment(2, 3, z(1, 2), Set.of(2, 3)));
        run.proposals.add(new Proposal(z(2, 1), d(2, 1).txn(), 3));
        run.commits.add(new Commit(z(2, 1), 3, Set.of(2, 3)));
        run.logs.set(2, ServerLog.of(3, d(1, 1), d(1, 2), d(2, 1)));
        ZabReport report = run.check();
        assertThat(properties(report)).contains(ZabProperty.PRIMARY_INTEGRITY);
        assertThat(report.describe()).contains("leader 3's initial history ends at 0x1_00000002",
                "s1 delivered 0x1_00000003 txn-1.3");
    }

    @Test
    void a_report_is_readable() {
        RunBuilder run = new RunBuilder();
        run.logs.set(1, ServerLog.of(2, d(1, 1), d(1, 3), d(1, 2)));
        assertThat(run.check().describe()).isEqualTo("""
                Zab total order violated: s2 delivered 0x1_00000002 after 0x1_00000003
                  rule: if a server delivers a before b, every server that delivers b delivers a before it
                    s2 delivered 0x1_00000003 txn-1.3
                    s2 then delivered 0x1_00000002 txn-1.2
                """);
    }
}
