package dev.minizk.zabcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ZabRecorderTest {
    private static final long Z1 = Zxids.of(1, 1);
    private static final long Z2 = Zxids.of(1, 2);

    @Test
    void a_restart_and_a_snapshot_begin_new_logs() {
        ZabRecorder recorder = new ZabRecorder();
        recorder.established(1, 1, 0, Set.of(1, 2));
        recorder.proposed(Z1, "a", 1);
        recorder.proposed(Z2, "b", 1);
        recorder.committed(Z1, 1, Set.of(1, 2));
        recorder.committed(Z2, 1, Set.of(1, 2));
        recorder.delivered(1, Z1, "a");
        recorder.delivered(1, Z2, "b");
        recorder.delivered(2, Z1, "a");
        recorder.started(2);
        recorder.snapshotReceived(2, Z1);
        recorder.delivered(2, Z2, "b");

        ZabRun run = recorder.run(Quorum.majorityOf(3));

        assertThat(run.logs()).extracting(ServerLog::server).containsExactly("s1", "s2", "s2#1", "s2#1.1");
        assertThat(run.logs().get(3).snapshotZxid()).isEqualTo(Z1);
        assertThat(run.logs().get(3).delivered()).containsExactly(new Delivery(Z2, "b"));
        ZabReport report = ZabChecker.check(run);
        assertThat(report.ok()).as(report.describe()).isTrue();
    }

    @Test
    void a_server_delivering_out_of_order_is_reported_under_its_log_name() {
        ZabRecorder recorder = new ZabRecorder();
        recorder.established(1, 1, 0, Set.of(1, 2));
        for (long zxid : List.of(Z1, Z2)) {
            recorder.proposed(zxid, "t" + zxid, 1);
            recorder.committed(zxid, 1, Set.of(1, 2));
        }
        recorder.started(3);
        recorder.delivered(3, Z2, "t" + Z2);
        recorder.delivered(3, Z1, "t" + Z1);
        assertThat(ZabChecker.check(recorder.run(Quorum.majorityOf(3))).describe())
                .contains("s3 delivered 0x1_00000001 after 0x1_00000002");
    }

    @Test
    void logs_are_named_by_incarnation_and_snapshot_and_the_current_one_is_readable() {
        ZabRecorder recorder = new ZabRecorder();
        recorder.started(1);
        recorder.started(2);
        recorder.delivered(2, Z1, "a");
        recorder.snapshotReceived(2, Z1);
        recorder.snapshotReceived(2, Z2);
        recorder.started(2);
        recorder.snapshotReceived(2, Z2);

        assertThat(recorder.run(Quorum.majorityOf(3)).logs()).extracting(ServerLog::server)
                .containsExactly("s1", "s2", "s2.1", "s2.2", "s2#1", "s2#1.1");
        assertThat(recorder.currentLog(2)).isEmpty();
        recorder.delivered(2, Zxids.of(1, 3), "c");
        assertThat(recorder.currentLog(2)).containsExactly(new Delivery(Zxids.of(1, 3), "c"));
        assertThat(recorder.currentLog(3)).isEmpty();
    }
}
