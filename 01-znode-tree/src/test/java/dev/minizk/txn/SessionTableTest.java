package dev.minizk.txn;

import dev.minizk.tree.DataTree;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions are replicated state: createSession and closeSession txns change the table when applied (given code). */
class SessionTableTest {
    private final TreeDatabase db = new TreeDatabase();

    @Test
    void create_and_close_session_txns_change_the_table() {
        long alice = db.openSession(10_000);
        long bob = db.openSession(30_000);

        assertThat(db.sessions().asMap()).containsEntry(alice, 10_000).containsEntry(bob, 30_000);
        db.closeSession(alice);
        assertThat(db.sessions().contains(alice)).isFalse();
        assertThat(db.sessions().timeoutMillisOf(bob)).isEqualTo(30_000);
        assertThat(db.sessions().timeoutMillisOf(alice)).isEqualTo(-1);
    }

    @Test
    void replaying_the_log_on_another_replica_gives_the_same_table() {
        long alice = db.openSession(10_000);
        db.openSession(20_000);
        db.closeSession(alice);

        TxnProcessor replica = new TxnProcessor(new DataTree());
        db.log().forEach(replica::apply);

        assertThat(replica.sessions().asMap()).isEqualTo(db.sessions().asMap());
    }
}
