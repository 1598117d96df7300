package dev.minizk.wire;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.Request;
import dev.minizk.proto.Response;
import dev.minizk.proto.ServerMessage;
import dev.minizk.proto.WatcherEvent;
import dev.minizk.proto.Xid;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The byte-level examples observed on a real ZooKeeper 3.9.5 (zk-reference §1.9). */
@Timeout(10)
class ByteExamplesTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void ping_request_and_reply() {
        assertThat(hex(Frames.frame(RequestCodec.encode(Xid.PING, new Request.Ping()))))
                .isEqualTo("00000008" + "fffffffe" + "0000000b");
        ServerMessage.Reply reply = new ServerMessage.Reply(Xid.PING, 0x5, ErrorCode.OK, new Response.Empty());
        assertThat(hex(Frames.frame(ServerMessageCodec.encode(reply, true))))
                .isEqualTo("00000010" + "fffffffe" + "0000000000000005" + "00000000");
    }

    @Test
    void error_reply_to_get_data_on_a_missing_node() {
        ServerMessage.Reply reply = new ServerMessage.Reply(7, 0x9, ErrorCode.NONODE, null);
        assertThat(hex(Frames.frame(ServerMessageCodec.encode(reply, true))))
                .isEqualTo("00000010" + "00000007" + "0000000000000009" + "ffffff9b");
    }

    @Test
    void node_created_notification_is_a_30_byte_payload() {
        ServerMessage.Notification n = new ServerMessage.Notification(WatcherEvent.of(EventType.NODE_CREATED, "/w"), 0x3);
        byte[] payload = ServerMessageCodec.encode(n, true);
        assertThat(payload).hasSize(30);
        assertThat(HEX.formatHex(payload)).isEqualTo("ffffffff" + "0000000000000003" + "00000000"
                + "00000001" + "00000003" + "00000002" + "2f77");
    }

    @Test
    void new_session_connect_request_is_45_bytes() throws Exception {
        byte[] payload = ConnectCodec.encodeRequest(ConnectRequest.newSession(30_000), true);
        assertThat(payload).hasSize(45);
        assertThat(HEX.formatHex(payload)).isEqualTo("00000000" + "0000000000000000" + "00007530" + "0000000000000000"
                + "00000010" + "00".repeat(16) + "00");
        assertThat(ConnectCodec.decodeRequest(ByteBuffer.wrap(payload)).request().timeout()).isEqualTo(30_000);
    }

    private static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return HEX.formatHex(bytes);
    }
}
