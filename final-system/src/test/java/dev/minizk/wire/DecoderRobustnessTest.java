package dev.minizk.wire;

import dev.minizk.proto.OpCode;
import dev.minizk.proto.Request;
import dev.minizk.tree.Acl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Bad bytes make a {@link MalformedFrameException} naming the field, and nothing else. */
@Timeout(20)
class DecoderRobustnessTest {
    private static final List<Request> SAMPLES = List.of(
            new Request.Create(OpCode.CREATE2, "/a", "x".getBytes(), Acl.OPEN_ACL_UNSAFE, 0, -1),
            new Request.Create(OpCode.CREATE_TTL, "/t", null, Acl.OPEN_ACL_UNSAFE, 5, 100),
            new Request.SetData("/a", new byte[100], 3),
            new Request.SetAcl("/a", Acl.CREATOR_ALL_ACL, -1),
            new Request.Multi(List.of(new Request.Check("/a", 1), new Request.Delete("/a", -1))),
            new Request.MultiRead(List.of(new Request.GetData("/a", true))),
            new Request.SetWatches(9, List.of("/a"), List.of("/b"), List.of("/c"), List.of("/d"), List.of("/e")),
            new Request.Auth("digest", "u:p".getBytes()),
            new Request.AddWatch("/r", 1));

    @Test
    void every_truncation_of_a_valid_request_is_malformed_not_a_crash() {
        for (Request sample : SAMPLES) {
            byte[] full = RequestCodec.encode(1, sample);
            for (int cut = 0; cut < full.length; cut++) {
                byte[] truncated = Arrays.copyOf(full, cut);
                try {
                    RequestCodec.decode(ByteBuffer.wrap(truncated));
                    // Some prefixes are complete frames of a shorter shape only if the body is empty;
                    // for these samples every body is needed, except after the header of a body-less op.
                    assertThat(cut).as("prefix of %s decoded", sample).isGreaterThanOrEqualTo(full.length);
                } catch (MalformedFrameException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }
        }
    }

    @Test
    void hostile_lengths_are_refused_before_allocating() {
        // create with a path length of 2^31-1 in a 20-byte frame
        ByteBuffer frame = ByteBuffer.allocate(20).putInt(1).putInt(OpCode.CREATE).putInt(Integer.MAX_VALUE).putInt(0)
                .putInt(0).flip();
        assertThatThrownBy(() -> RequestCodec.decode(frame)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("path");
        ByteBuffer negative = ByteBuffer.allocate(16).putInt(1).putInt(OpCode.SYNC).putInt(-5).putInt(0).flip();
        assertThatThrownBy(() -> RequestCodec.decode(negative)).isInstanceOf(MalformedFrameException.class);
        // setWatches claiming a billion paths
        ByteBuffer watches = ByteBuffer.allocate(24).putInt(1).putInt(OpCode.SET_WATCHES).putLong(0)
                .putInt(1_000_000_000).putInt(0).flip();
        assertThatThrownBy(() -> RequestCodec.decode(watches)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("dataWatches");
    }

    @Test
    void a_multi_with_an_op_that_cannot_be_in_a_multi_is_malformed() {
        ByteBuffer frame = ByteBuffer.allocate(17).putInt(1).putInt(OpCode.MULTI).putInt(OpCode.PING).put((byte) 0)
                .putInt(-1).flip();
        assertThatThrownBy(() -> RequestCodec.decode(frame)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("multi[0]");
    }

    @Test
    void random_bytes_decode_or_fail_cleanly() {
        long seed = 20_260_101L;
        Random random = new Random(seed);
        int[] ops = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 17, 18, 19, 21, 22, 100, 101, 103, 104, 105, 106, 107, -11};
        for (int i = 0; i < 20_000; i++) {
            byte[] payload = new byte[random.nextInt(64)];
            random.nextBytes(payload);
            if (payload.length >= 8 && random.nextBoolean()) {
                ByteBuffer.wrap(payload).putInt(4, ops[random.nextInt(ops.length)]); // a real op code, random body
            }
            try {
                RequestCodec.decode(ByteBuffer.wrap(payload));
            } catch (MalformedFrameException expected) {
                // fine
            } catch (RuntimeException e) {
                fail("seed " + seed + " iteration " + i + ": " + Arrays.toString(payload) + " threw " + e);
            }
            try {
                ConnectCodec.decodeRequest(ByteBuffer.wrap(payload));
            } catch (MalformedFrameException expected) {
                // fine
            } catch (RuntimeException e) {
                fail("seed " + seed + " iteration " + i + ": connect " + Arrays.toString(payload) + " threw " + e);
            }
        }
    }
}
