package dev.minizk.peer;

import dev.minizk.election.Notification;
import dev.minizk.election.PeerState;
import dev.minizk.election.Vote;
import dev.minizk.proto.OpCode;
import dev.minizk.proto.Request;
import dev.minizk.server.WriteRequest;
import dev.minizk.tree.Acl;
import dev.minizk.tree.Id;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;
import dev.minizk.zab.PeerMessage;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerCodecTest {
    private static final LoggedTxn TXN = new LoggedTxn(new TxnHeader(0x1234L, 7, 0x1_0000_0003L, 1_700_000_000_000L),
            new Txn.Create("/a/b", "data".getBytes(), Acl.OPEN_ACL_UNSAFE, true, 3));

    /** One message of every kind, with fields that are not all zero. */
    static List<PeerMessage> everyKind() {
        return List.of(
                new PeerMessage.Election(new Notification(PeerState.LOOKING, 3, 0x2_0000_0001L, 4, 2, 1)),
                new PeerMessage.Election(Notification.of(PeerState.OBSERVING, Vote.NONE, 1, 4)),
                new PeerMessage.FollowerInfo(2, 0x2_0000_0005L, 9),
                new PeerMessage.ObserverInfo(2, 0x2_0000_0005L, 9),
                new PeerMessage.LeaderInfo(3),
                new PeerMessage.AckEpoch(PeerMessage.AckEpoch.ALREADY_ACCEPTED, 0x2_0000_0005L),
                new PeerMessage.Snap(new byte[]{1, 2, 3, 0, -1}, 0x2_0000_0005L),
                new PeerMessage.Diff(0x2_0000_0005L),
                new PeerMessage.Trunc(0x2_0000_0004L),
                new PeerMessage.NewLeader(0x3_0000_0000L),
                new PeerMessage.Ack(0x3_0000_0001L),
                new PeerMessage.UpToDate(0x3_0000_0000L),
                new PeerMessage.Proposal(TXN),
                new PeerMessage.Commit(0x3_0000_0001L),
                new PeerMessage.Inform(TXN),
                new PeerMessage.Ping(0x3_0000_0001L, 0x3_0000_0000L, Set.of(0x11L, 0x22L)),
                new PeerMessage.Request(new WriteRequest(0x11L, 5,
                        new Request.Create(OpCode.CREATE2, "/x", new byte[]{9}, Acl.OPEN_ACL_UNSAFE, 0, 0),
                        List.of(new Id("ip", "127.0.0.1"), new Id("digest", "u:abc=")))),
                new PeerMessage.Request(WriteRequest.byServer(0x12L, new Request.CreateSession(4_000))),
                new PeerMessage.Request(new WriteRequest(0x13L, 6, new Request.CloseSession(), List.of())),
                new PeerMessage.Sync(0x11L, 8));
    }

    @Test
    void everyKindOfMessageRoundTrips() throws Exception {
        for (PeerMessage message : everyKind()) {
            PeerMessage back = PeerCodec.decode(PeerCodec.encode(message));
            assertThat(back.toString()).as("%s", message).isEqualTo(message.toString());
            assertThat(PeerCodec.encode(back)).as("%s", message).isEqualTo(PeerCodec.encode(message));
        }
    }

    @Test
    void aBadFrameIsAnErrorThatSaysWhatIsWrong() {
        assertThatThrownBy(() -> PeerCodec.decode(new byte[0])).isInstanceOf(PeerFrameException.class).hasMessage("an empty frame");
        assertThatThrownBy(() -> PeerCodec.decode(new byte[]{99})).hasMessage("unknown message kind 99");
        byte[] ack = PeerCodec.encode(new PeerMessage.Ack(5));
        assertThatThrownBy(() -> PeerCodec.decode(Arrays.copyOf(ack, 4))).hasMessageContaining("cut short");
        assertThatThrownBy(() -> PeerCodec.decode(Arrays.copyOf(ack, ack.length + 1))).hasMessageContaining("1 bytes after");
        byte[] snap = PeerCodec.encode(new PeerMessage.Snap(new byte[10], 1));
        snap[12] = 0x7f; // the snapshot's length, far beyond the frame
        assertThatThrownBy(() -> PeerCodec.decode(snap)).hasMessageContaining("snapshot of");
    }

    @Test
    void randomBytesNeverCrashTheDecoder() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = new byte[random.nextInt(40)];
            random.nextBytes(frame);
            if (frame.length > 0) {
                frame[0] = (byte) (1 + random.nextInt(18));
            }
            try {
                PeerCodec.decode(frame);
            } catch (PeerFrameException expected) {
                // the one way a bad frame may end
            }
        }
    }
}
