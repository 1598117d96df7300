package dev.minizk.zab;

import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Instructor-only check for task 04.1: {@code follows} and {@code zxidAfter} against a model, over many zxid pairs. */
class HiddenZxidTest {

    @Test
    @Tag("04.1")
    void follows_and_zxid_after_agree_with_the_model_on_random_pairs_near_each_other() {
        Random random = new Random(4_01);
        for (int i = 0; i < 20_000; i++) {
            long lastEpoch = random.nextInt(5);
            long last = Zxid.of(lastEpoch, random.nextInt(5));
            long epoch = lastEpoch + random.nextInt(3) - 1;
            if (epoch < 0) {
                continue;
            }
            long zxid = Zxid.of(epoch, random.nextInt(6));
            boolean expected = epoch == lastEpoch ? zxid == last + 1 : epoch > lastEpoch && Zxid.counterOf(zxid) == 1;
            assertThat(Learner.follows(last, zxid)).as("%s after %s", Zxid.format(zxid), Zxid.format(last)).isEqualTo(expected);
            if (epoch >= lastEpoch) {
                long next = Leader.zxidAfter(last, epoch);
                assertThat(Learner.follows(last, next)).as("the leader's next zxid after %s in epoch %d", Zxid.format(last), epoch).isTrue();
                assertThat(Zxid.epochOf(next)).isEqualTo(epoch);
            }
        }
    }
}
