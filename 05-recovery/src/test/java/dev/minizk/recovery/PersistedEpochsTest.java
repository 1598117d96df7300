package dev.minizk.recovery;

import dev.minizk.replica.Replica;
import dev.minizk.sim.SimDisk;
import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** acceptedEpoch and currentEpoch on disk: written before use, read back at a restart, checked. */
class PersistedEpochsTest {

    @Tag("05.4")
    @Test
    void the_epochs_on_disk_equal_the_ones_in_use_after_every_event() {
        DurableEnsemble e = new DurableEnsemble(31, 3);
        for (int round = 0; round < 3; round++) {
            while (e.sim.now() < 1_500 * (round + 1)) {
                e.sim.step();
                for (int id : e.verifier.members()) {
                    Optional<Replica> replica = e.replica(id);
                    if (replica.isPresent() && replica.get().history() != null) {
                        SimDisk disk = e.sim.disk(id);
                        assertThat(epoch(disk, EpochFiles.ACCEPTED)).as("server %d at %d", id, e.sim.now()).isEqualTo(replica.get().acceptedEpoch());
                        assertThat(epoch(disk, EpochFiles.CURRENT)).as("server %d at %d", id, e.sim.now()).isEqualTo(replica.get().currentEpoch());
                    }
                }
            }
            e.write(3);
            e.sim.crash(e.leader().orElseThrow()); // a new epoch, with the old leader back in it
            e.sim.runFor(700);
            e.restartAll();
        }
        assertThat(e.replica(1).orElseThrow().acceptedEpoch()).isGreaterThanOrEqualTo(3);
    }

    /** The epoch in a file of a simulated disk, 0 if there is none. */
    static long epoch(SimDisk disk, String file) {
        return disk.read(file).map(b -> Long.parseLong(new String(b, StandardCharsets.US_ASCII))).orElse(0L);
    }

    @Tag("05.4")
    @Test
    void a_restarted_server_comes_back_with_its_epochs_and_its_log() {
        DurableEnsemble e = new DurableEnsemble(32, 3);
        e.settle(5_000);
        e.write(5);
        e.settle(5_000);
        int follower = e.verifier.members().stream().filter(id -> id != e.leader().orElseThrow()).findFirst().orElseThrow();
        Replica before = e.replica(follower).orElseThrow();
        long accepted = before.acceptedEpoch();
        long current = before.currentEpoch();
        long logged = before.history().lastLoggedZxid();
        e.sim.crash(follower);
        e.sim.restart(follower);
        e.sim.runFor(0);
        Replica after = e.replica(follower).orElseThrow();
        assertThat(after.acceptedEpoch()).isEqualTo(accepted).isPositive();
        assertThat(after.currentEpoch()).isEqualTo(current);
        assertThat(after.history().lastLoggedZxid()).as("the election will compare %s", Zxid.format(logged)).isEqualTo(logged);
        assertThat(after.election().proposal().zxid()).isEqualTo(logged);
        assertThat(after.election().proposal().peerEpoch()).isEqualTo(current);
    }

    @Tag("05.4")
    @Test
    void a_server_refuses_to_start_when_its_accepted_epoch_is_below_its_current_epoch() {
        DurableEnsemble e = new DurableEnsemble(33, 3);
        e.settle(5_000);
        e.sim.crash(1);
        e.sim.disk(1).writeAtomically(EpochFiles.ACCEPTED, "1".getBytes(StandardCharsets.US_ASCII));
        e.sim.disk(1).writeAtomically(EpochFiles.CURRENT, "2".getBytes(StandardCharsets.US_ASCII));
        e.sim.restart(1);
        assertThatThrownBy(() -> e.sim.runFor(0)).hasMessageContaining("accepted epoch 1 below current epoch 2");
    }

    @Tag("05.4")
    @Test
    void a_server_refuses_to_start_with_a_log_from_an_epoch_it_never_accepted() {
        DurableEnsemble e = new DurableEnsemble(34, 3);
        e.settle(5_000);
        e.write(3);
        e.settle(5_000);
        e.sim.crash(1);
        e.sim.disk(1).writeAtomically(EpochFiles.ACCEPTED, "0".getBytes(StandardCharsets.US_ASCII));
        e.sim.disk(1).writeAtomically(EpochFiles.CURRENT, "0".getBytes(StandardCharsets.US_ASCII));
        e.sim.restart(1);
        assertThatThrownBy(() -> e.sim.runFor(0)).hasMessageContaining("accepted only epoch 0");
    }

    @Tag("05.4")
    @Test
    void a_garbled_epoch_file_stops_the_server_with_its_name() {
        ManualDisk storage = new ManualDisk();
        storage.writeAtomically(EpochFiles.CURRENT, "seven".getBytes(StandardCharsets.US_ASCII));
        assertThat(EpochFiles.read(storage, EpochFiles.ACCEPTED)).isZero();
        assertThatThrownBy(() -> EpochFiles.read(storage, EpochFiles.CURRENT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("currentEpoch holds 'seven'");
    }
}
