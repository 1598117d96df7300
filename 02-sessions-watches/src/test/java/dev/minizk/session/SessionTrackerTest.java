package dev.minizk.session;

import dev.minizk.tree.EphemeralOwner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task 02.1: sessions, their timeouts and their expiry. The server runs with ZooKeeper's
 * defaults: tickTime 2000 ms, timeouts between 2 and 20 ticks. Time is passed in; nothing
 * here waits.
 */
class SessionTrackerTest {
    private static final int TICK = 2_000;
    private static final long SERVER_START = 1_700_000_000_000L;

    private final SessionTracker tracker = new SessionTracker(1, TICK, 2 * TICK, 20 * TICK, SERVER_START);

    @Test
    @Tag("02.1")
    void requested_timeouts_are_clamped_into_the_servers_range() {
        assertThat(tracker.negotiateTimeout(1_000)).as("observed on ZooKeeper 3.9: 1000 -> 4000").isEqualTo(4_000);
        assertThat(tracker.negotiateTimeout(4_000)).isEqualTo(4_000);
        assertThat(tracker.negotiateTimeout(30_000)).as("inside the range: granted as asked").isEqualTo(30_000);
        assertThat(tracker.negotiateTimeout(40_000)).isEqualTo(40_000);
        assertThat(tracker.negotiateTimeout(3_600_000)).as("an hour is too long").isEqualTo(40_000);
        assertThat(tracker.negotiateTimeout(0)).isEqualTo(4_000);
        assertThat(tracker.negotiateTimeout(-5)).isEqualTo(4_000);
    }

    @Test
    @Tag("02.1")
    void session_ids_carry_the_server_id_in_the_top_byte_and_never_repeat() {
        SessionTracker server2 = new SessionTracker(2, TICK, 2 * TICK, 20 * TICK, SERVER_START);
        Set<Long> seen = new HashSet<>();
        long first = tracker.nextSessionId();
        seen.add(first);
        for (int i = 0; i < 1_000; i++) {
            assertThat(seen.add(tracker.nextSessionId())).isTrue();
            assertThat(seen.add(server2.nextSessionId())).as("another server's ids never collide").isTrue();
        }

        assertThat(first).as("ZooKeeper's layout").isEqualTo(((SERVER_START << 24) >>> 8) | (1L << 56));
        assertThat(first >>> 56).isEqualTo(1);
        assertThat(server2.nextSessionId() >>> 56).isEqualTo(2);
        assertThat(tracker.nextSessionId()).as("one more per session").isEqualTo(first + 1_001);
        SessionTracker restarted = new SessionTracker(1, TICK, 2 * TICK, 20 * TICK, SERVER_START + 60_000);
        assertThat(restarted.nextSessionId()).as("a restart a minute later starts elsewhere").isNotIn(seen);
        assertThat(new SessionTracker(128, TICK, 2 * TICK, 20 * TICK, 0).nextSessionId())
                .as("never the container marker").isNotEqualTo(EphemeralOwner.CONTAINER);
    }

    @Test
    @Tag("02.1")
    void passwords_are_the_ones_ZooKeeper_issues() {
        long id = tracker.nextSessionId();
        byte[] expected = new byte[16];
        new Random(id ^ 0xB3415C00L).nextBytes(expected);

        assertThat(SessionTracker.passwordFor(id)).isEqualTo(expected);
        assertThat(tracker.addSession(id, 30_000, 0).password()).isEqualTo(expected);
        assertThat(tracker.session(id)).hasValueSatisfying(s -> assertThat(s.timeout()).isEqualTo(30_000));
        assertThat(SessionTracker.passwordFor(id + 1)).as("each session its own").isNotEqualTo(expected);
    }

    @Test
    @Tag("02.1")
    void a_session_that_keeps_talking_outlives_its_first_deadline() {
        long id = 0x0100_0000_0000_0001L;
        tracker.addSession(id, 4_000, 10_000);   // deadline: 14000 rounded up -> 16000

        assertThat(tracker.touch(id, 15_000)).isTrue();   // 19000 rounded up -> 20000

        assertThat(tracker.expire(16_000)).as("the old deadline no longer counts").isEmpty();
        assertThat(tracker.expire(19_999)).isEmpty();
        assertThat(tracker.touch(id, 19_999)).as("still alive, so it may be touched again").isTrue();
        assertThat(tracker.expire(22_000)).isEmpty();
        assertThat(tracker.expire(24_000)).containsExactly(id);
    }

    @Test
    @Tag("02.1")
    void silence_expires_a_session_exactly_at_its_bucket_boundary() {
        long quiet = 0x0100_0000_0000_0001L;
        long onTheTick = 0x0100_0000_0000_0002L;
        tracker.addSession(quiet, 4_000, 10_500);      // 14500 rounded up -> 16000
        tracker.addSession(onTheTick, 4_000, 10_000);  // 14000 is a boundary, still rounded up -> 16000

        assertThat(tracker.expire(14_000)).as("onTheTick's timeout has passed, its bucket has not").isEmpty();
        assertThat(tracker.expire(14_500)).as("nor has quiet's").isEmpty();
        assertThat(tracker.expire(15_999)).as("not a tick early, not a millisecond early").isEmpty();
        assertThat(tracker.expire(16_000)).containsExactly(quiet, onTheTick);

        List<Long> checks = new ArrayList<>();
        SessionTracker server = new SessionTracker(1, TICK, 2 * TICK, 20 * TICK, 0);
        server.addSession(quiet, 4_000, 10_500);
        long now = 10_500;
        List<Long> expired = List.of();
        while (expired.isEmpty() && now < 30_000) {
            now = server.nextExpiryCheck(now);
            checks.add(now);
            expired = server.expire(now);
        }
        assertThat(checks).as("a server checking once per tick expires it on time, not later")
                .containsExactly(12_000L, 14_000L, 16_000L);
    }

    @Test
    @Tag("02.1")
    void sessions_due_within_one_tick_expire_together_in_id_order() {
        long early = 0x0100_0000_0000_0009L;
        long late = 0x0100_0000_0000_0003L;
        long later = 0x0100_0000_0000_0005L;
        tracker.addSession(early, 4_000, 10_100);   // 14100 -> 16000
        tracker.addSession(late, 4_000, 11_900);    // 15900 -> 16000
        tracker.addSession(later, 4_000, 12_000);   // 16000 -> 18000

        assertThat(tracker.expire(15_999)).isEmpty();
        assertThat(tracker.expire(16_000)).as("one bucket, sorted by id").containsExactly(late, early);
        assertThat(tracker.expire(17_999)).isEmpty();
        assertThat(tracker.expire(25_000)).as("a late check still finds every overdue bucket").containsExactly(later);
    }

    @Test
    @Tag("02.1")
    void an_expired_session_is_closing_until_the_server_removes_it() {
        long id = 0x0100_0000_0000_0001L;
        long other = 0x0100_0000_0000_0002L;
        tracker.addSession(id, 4_000, 0);        // 4000 -> 6000
        tracker.addSession(other, 40_000, 0);

        assertThat(tracker.expire(6_000)).containsExactly(id);

        assertThat(tracker.isClosing(id)).isTrue();
        assertThat(tracker.touch(id, 6_001)).as("a late ping cannot revive it").isFalse();
        assertThat(tracker.session(id)).as("known until its closeSession txn ran").isPresent();
        assertThat(tracker.count()).isEqualTo(2);
        assertThat(tracker.expire(100_000)).as("expired once, closed once").containsExactly(other);

        tracker.setClosing(0x0100_0000_0000_0099L);  // unknown: nothing happens
        assertThat(tracker.isClosing(0x0100_0000_0000_0099L)).isFalse();
        assertThat(tracker.isClosing(other)).isTrue();
    }

    @Test
    @Tag("02.1")
    void only_a_live_session_with_the_right_password_may_reconnect() {
        long id = tracker.nextSessionId();
        byte[] password = tracker.addSession(id, 4_000, 0).password();
        byte[] wrong = password.clone();
        wrong[15] ^= 1;

        assertThat(tracker.checkPassword(id, password)).isTrue();
        assertThat(tracker.checkPassword(id, wrong)).isFalse();
        assertThat(tracker.checkPassword(id, new byte[16])).as("what a new client sends").isFalse();
        assertThat(tracker.checkPassword(id, null)).isFalse();
        assertThat(tracker.checkPassword(id + 1, SessionTracker.passwordFor(id + 1))).as("unknown id").isFalse();

        assertThat(tracker.expire(6_000)).containsExactly(id);
        assertThat(tracker.checkPassword(id, password)).as("an expired session cannot be resumed").isFalse();
    }

    @Test
    @Tag("02.1")
    void a_removed_session_is_forgotten() {
        long gone = 0x0100_0000_0000_0001L;
        long stays = 0x0100_0000_0000_0002L;
        tracker.addSession(gone, 4_000, 0);      // 6000
        tracker.addSession(stays, 4_000, 0);     // 6000
        byte[] password = SessionTracker.passwordFor(gone);

        tracker.removeSession(gone);             // its client closed it before the deadline

        assertThat(tracker.session(gone)).isEmpty();
        assertThat(tracker.count()).isEqualTo(1);
        assertThat(tracker.sessions()).extracting(Session::id).containsExactly(stays);
        assertThat(tracker.touch(gone, 1_000)).isFalse();
        assertThat(tracker.checkPassword(gone, password)).isFalse();
        assertThat(tracker.expire(6_000)).as("no expiry for a session that is gone").containsExactly(stays);
        tracker.removeSession(stays);
        tracker.removeSession(stays);            // twice is harmless
        assertThat(tracker.sessions()).isEmpty();
    }
}
