package dev.minizk.wire;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.ConnectResponse;
import dev.minizk.proto.KeeperState;
import dev.minizk.proto.OpCode;
import dev.minizk.proto.Request;
import dev.minizk.proto.Response;
import dev.minizk.proto.Response.OpResult;
import dev.minizk.proto.ServerMessage;
import dev.minizk.proto.WatcherEvent;
import dev.minizk.tree.Acl;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.EventType;
import dev.minizk.tree.Id;
import dev.minizk.tree.Stat;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.MultiOperationRecord;
import org.apache.zookeeper.MultiResponse;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.proto.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Byte-exactness against ZooKeeper 3.9.5's own jute classes: for every request and reply
 * shape, minizk's encoding equals what {@code BinaryOutputArchive} writes for the matching
 * {@code org.apache.zookeeper.proto} record, and decoding ZooKeeper's bytes then encoding
 * again gives the same bytes back (so the decoder read every field, in order).
 */
@Timeout(10)
class JuteCompatibilityTest {
    private static final Stat STAT = new Stat(0x100000001L, 0x100000002L, 1_700_000_000_000L, 1_700_000_000_123L,
            3, 4, 5, 0x0102030405060708L, 11, 2, 0x100000003L);
    private static final List<Acl> ACLS = List.of(new Acl(31, Id.ANYONE),
            new Acl(1, new Id("digest", "bob:bLTFaBT0mWdqm2k1JTjBGqBAM8s=")), new Acl(3, new Id("ip", "10.0.0.0/8")));

    // ------------------------------------------------------------------ handshake

    @Test
    void connect_request_with_and_without_the_read_only_byte() throws Exception {
        byte[] password = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        byte[] zk = zk(new org.apache.zookeeper.proto.ConnectRequest(0, 0x42L, 30_000, 0x1234L, password, true));
        ConnectRequest ours = new ConnectRequest(0, 0x42L, 30_000, 0x1234L, password, true);

        assertThat(zk).hasSize(45);
        assertThat(ConnectCodec.encodeRequest(ours, true)).isEqualTo(zk);
        ConnectCodec.DecodedConnect decoded = ConnectCodec.decodeRequest(ByteBuffer.wrap(zk));
        assertThat(decoded.hasReadOnlyByte()).isTrue();
        assertThat(decoded.request().readOnly()).isTrue();
        assertThat(decoded.request().password()).isEqualTo(password);
        assertThat(ConnectCodec.encodeRequest(decoded.request(), true)).isEqualTo(zk);

        // A 3.3-era client stops before the readOnly byte.
        byte[] old = java.util.Arrays.copyOf(zk, 44);
        ConnectCodec.DecodedConnect oldDecoded = ConnectCodec.decodeRequest(ByteBuffer.wrap(old));
        assertThat(oldDecoded.hasReadOnlyByte()).isFalse();
        assertThat(oldDecoded.request().readOnly()).isFalse();
        assertThat(oldDecoded.request().sessionId()).isEqualTo(0x1234L);
        assertThat(ConnectCodec.encodeRequest(oldDecoded.request(), false)).isEqualTo(old);
    }

    @Test
    void connect_response_carries_the_read_only_byte_only_when_asked() throws Exception {
        byte[] password = new byte[16];
        password[3] = 7;
        byte[] zk = zk(new org.apache.zookeeper.proto.ConnectResponse(0, 4_000, 0x0100000000000001L, password, false));
        ConnectResponse ours = new ConnectResponse(0, 4_000, 0x0100000000000001L, password, false);

        assertThat(zk).hasSize(37);
        assertThat(ServerMessageCodec.encode(new ServerMessage.Connected(ours), true)).isEqualTo(zk);
        assertThat(ServerMessageCodec.encode(new ServerMessage.Connected(ours), false)).hasSize(36)
                .isEqualTo(java.util.Arrays.copyOf(zk, 36));
        ConnectResponse decoded = ConnectCodec.decodeResponse(ByteBuffer.wrap(zk));
        assertThat(decoded.sessionId()).isEqualTo(0x0100000000000001L);
        assertThat(decoded.timeout()).isEqualTo(4_000);
        assertThat(decoded.password()).isEqualTo(password);
    }

    // ------------------------------------------------------------------ requests

    @Test
    void every_modelled_request_matches_zookeeper_bytes() throws Exception {
        List<ACL> zkAcls = zkAcls(ACLS);
        byte[] data = "data\u0000\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        request(7, new Request.Create(OpCode.CREATE, "/a", data, ACLS, 2, -1),
                new CreateRequest("/a", data, zkAcls, 2));
        request(8, new Request.Create(OpCode.CREATE2, "/a", null, ACLS, 0, -1),
                new CreateRequest("/a", null, zkAcls, 0));
        request(9, new Request.Create(OpCode.CREATE_CONTAINER, "/c", data, ACLS, 4, -1),
                new CreateRequest("/c", data, zkAcls, 4));
        request(10, new Request.Create(OpCode.CREATE_TTL, "/t", data, ACLS, 5, 60_000),
                new CreateTTLRequest("/t", data, zkAcls, 5, 60_000));
        request(11, new Request.Delete("/a", 3), new DeleteRequest("/a", 3));
        request(12, new Request.Exists("/a", true), new ExistsRequest("/a", true));
        request(13, new Request.GetData("/a", false), new GetDataRequest("/a", false));
        request(14, new Request.SetData("/a", data, -1), new SetDataRequest("/a", data, -1));
        request(15, new Request.GetAcl("/a"), new GetACLRequest("/a"));
        request(16, new Request.SetAcl("/a", ACLS, 2), new SetACLRequest("/a", zkAcls, 2));
        request(17, new Request.GetChildren("/", true, false), new GetChildrenRequest("/", true));
        request(18, new Request.GetChildren("/", false, true), new GetChildren2Request("/", false));
        request(19, new Request.Sync("/a"), new SyncRequest("/a"));
        request(20, new Request.Check("/a", 5), new CheckVersionRequest("/a", 5));
        request(21, new Request.CheckWatches("/a", 2), new CheckWatchesRequest("/a", 2));
        request(22, new Request.RemoveWatches("/a", 3), new RemoveWatchesRequest("/a", 3));
        request(23, new Request.AddWatch("/r", 1), new AddWatchRequest("/r", 1));
        request(24, new Request.SetWatches(0x55, List.of("/d1", "/d2"), List.of("/e"), List.of(), List.of(), List.of()),
                new SetWatches(0x55, List.of("/d1", "/d2"), List.of("/e"), List.of()));
        request(25, new Request.SetWatches(0x56, List.of(), List.of("/e"), List.of("/c"), List.of("/p"), List.of("/r", "/s")),
                new SetWatches2(0x56, List.of(), List.of("/e"), List.of("/c"), List.of("/p"), List.of("/r", "/s")));
        request(-4, new Request.Auth("digest", "bob:secret".getBytes()), new AuthPacket(0, "digest", "bob:secret".getBytes()));
        request(26, new Request.GetEphemerals("/e"), new GetEphemeralsRequest("/e"));
        request(27, new Request.GetAllChildrenNumber("/"), new GetAllChildrenNumberRequest("/"));
        request(-2, new Request.Ping(), null);
        request(28, new Request.WhoAmI(), null);
        request(29, new Request.CloseSession(), null);
    }

    @Test
    void multi_and_multi_read_match_zookeeper_bytes() throws Exception {
        List<ACL> open = zkAcls(Acl.OPEN_ACL_UNSAFE);
        MultiOperationRecord zkMulti = new MultiOperationRecord(List.of(
                Op.create("/m", "x".getBytes(), open, CreateMode.PERSISTENT),
                Op.create("/m/s-", null, open, CreateMode.EPHEMERAL_SEQUENTIAL),
                Op.create("/m/t", new byte[0], open, CreateMode.PERSISTENT_WITH_TTL, 1_000),
                Op.create("/m/c", new byte[0], open, CreateMode.CONTAINER),
                Op.setData("/m", "y".getBytes(), 0),
                Op.check("/m", 1),
                Op.delete("/m", -1)));
        Request.Multi ours = new Request.Multi(List.of(
                new Request.Create(OpCode.CREATE, "/m", "x".getBytes(), Acl.OPEN_ACL_UNSAFE, 0, -1),
                new Request.Create(OpCode.CREATE, "/m/s-", null, Acl.OPEN_ACL_UNSAFE, 3, -1),
                new Request.Create(OpCode.CREATE_TTL, "/m/t", new byte[0], Acl.OPEN_ACL_UNSAFE, 5, 1_000),
                new Request.Create(OpCode.CREATE_CONTAINER, "/m/c", new byte[0], Acl.OPEN_ACL_UNSAFE, 4, -1),
                new Request.SetData("/m", "y".getBytes(), 0),
                new Request.Check("/m", 1),
                new Request.Delete("/m", -1)));
        request(30, ours, zkMulti, OpCode.MULTI);

        MultiOperationRecord zkRead = new MultiOperationRecord(List.of(Op.getData("/m"), Op.getChildren("/")));
        Request.MultiRead read = new Request.MultiRead(List.of(new Request.GetData("/m", false),
                new Request.GetChildren("/", false, false)));
        request(31, read, zkRead, OpCode.MULTI_READ);
    }

    @Test
    void an_op_code_without_a_model_decodes_as_unsupported() throws Exception {
        for (int op : new int[]{OpCode.RECONFIG, OpCode.SASL, OpCode.DELETE_CONTAINER, 99, -77}) {
            byte[] frame = zk(new RequestHeader(5, op), new SyncRequest("/ignored"));
            RequestCodec.ClientFrame decoded = RequestCodec.decode(ByteBuffer.wrap(frame));
            assertThat(decoded.xid()).isEqualTo(5);
            assertThat(decoded.request()).isEqualTo(new Request.Unsupported(op));
        }
    }

    // ------------------------------------------------------------------ replies

    @Test
    void every_reply_shape_matches_zookeeper_bytes() throws Exception {
        org.apache.zookeeper.data.Stat zs = zkStat(STAT);
        byte[] data = {0, 1, 2, (byte) 0xff};
        reply(OpCode.CREATE, new Response.PathOnly("/a0000000001"), new CreateResponse("/a0000000001"));
        reply(OpCode.CREATE2, new Response.Created("/a", STAT), new Create2Response("/a", zs));
        reply(OpCode.CREATE_TTL, new Response.Created("/t", STAT), new Create2Response("/t", zs));
        reply(OpCode.EXISTS, new Response.StatOnly(STAT), new ExistsResponse(zs));
        reply(OpCode.SET_DATA, new Response.StatOnly(STAT), new SetDataResponse(zs));
        reply(OpCode.SET_ACL, new Response.StatOnly(STAT), new SetACLResponse(zs));
        reply(OpCode.GET_DATA, new Response.Data(data, STAT), new GetDataResponse(data, zs));
        reply(OpCode.GET_DATA, new Response.Data(null, STAT), new GetDataResponse(null, zs));
        reply(OpCode.GET_ACL, new Response.AclWithStat(ACLS, STAT), new GetACLResponse(zkAcls(ACLS), zs));
        reply(OpCode.GET_CHILDREN, new Response.Children(List.of("b", "a")), new GetChildrenResponse(List.of("b", "a")));
        reply(OpCode.GET_CHILDREN2, new Response.ChildrenWithStat(List.of("x"), STAT),
                new GetChildren2Response(List.of("x"), zs));
        reply(OpCode.SYNC, new Response.PathOnly("/a"), new SyncResponse("/a"));
        reply(OpCode.GET_EPHEMERALS, new Response.Ephemerals(List.of("/e1", "/e/2")),
                new GetEphemeralsResponse(List.of("/e1", "/e/2")));
        reply(OpCode.GET_ALL_CHILDREN_NUMBER, new Response.Count(42), new GetAllChildrenNumberResponse(42));
        reply(OpCode.WHO_AM_I, new Response.Identities(List.of(new Id("ip", "127.0.0.1"), new Id("digest", "bob"))),
                new WhoAmIResponse(List.of(new ClientInfo("ip", "127.0.0.1"), new ClientInfo("digest", "bob"))));
        reply(OpCode.ADD_WATCH, new Response.ErrorOnly(ErrorCode.OK), new ErrorResponse(0));
        reply(OpCode.DELETE, new Response.Empty(), null);
        reply(OpCode.SET_WATCHES, new Response.Empty(), null);
    }

    @Test
    void multi_results_match_zookeeper_bytes() throws Exception {
        org.apache.zookeeper.data.Stat zs = zkStat(STAT);
        MultiResponse zk = new MultiResponse();
        zk.add(new org.apache.zookeeper.OpResult.CreateResult("/m"));
        zk.add(new org.apache.zookeeper.OpResult.CreateResult("/m/s-0000000000", zs));
        zk.add(new org.apache.zookeeper.OpResult.SetDataResult(zs));
        zk.add(new org.apache.zookeeper.OpResult.CheckResult());
        zk.add(new org.apache.zookeeper.OpResult.DeleteResult());
        zk.add(new org.apache.zookeeper.OpResult.GetDataResult(new byte[]{9}, zs));
        zk.add(new org.apache.zookeeper.OpResult.GetChildrenResult(List.of("k")));
        zk.add(new org.apache.zookeeper.OpResult.ErrorResult(-101));
        reply(OpCode.MULTI, new Response.MultiResults(List.of(
                new OpResult.Create("/m", null), new OpResult.Create("/m/s-0000000000", STAT), new OpResult.SetData(STAT),
                new OpResult.Check(), new OpResult.Delete(), new OpResult.GetData(new byte[]{9}, STAT),
                new OpResult.GetChildren(List.of("k")), new OpResult.Error(ErrorCode.NONODE))), zk);

        // Atomic failure, as observed: [create ok, setData bad version, create] -> [0, -103, -2].
        MultiResponse failed = new MultiResponse();
        failed.add(new org.apache.zookeeper.OpResult.ErrorResult(0));
        failed.add(new org.apache.zookeeper.OpResult.ErrorResult(-103));
        failed.add(new org.apache.zookeeper.OpResult.ErrorResult(-2));
        reply(OpCode.MULTI, new Response.MultiResults(List.of(new OpResult.Error(ErrorCode.OK),
                new OpResult.Error(ErrorCode.BADVERSION), new OpResult.Error(ErrorCode.RUNTIMEINCONSISTENCY))), failed);
    }

    @Test
    void an_error_reply_is_the_header_alone() throws Exception {
        ServerMessage.Reply reply = new ServerMessage.Reply(7, 0x1F, ErrorCode.NONODE, null);
        byte[] ours = ServerMessageCodec.encode(reply, true);
        assertThat(ours).isEqualTo(zk(new ReplyHeader(7, 0x1F, -101)));
        assertThat(ServerMessageCodec.decode(ByteBuffer.wrap(ours), OpCode.GET_DATA)).isEqualTo(reply);
        // A stray body on an error reply is not sent either.
        assertThat(ServerMessageCodec.encode(new ServerMessage.Reply(7, 0x1F, ErrorCode.NONODE,
                new Response.PathOnly("/x")), true)).hasSize(16);
    }

    @Test
    void a_notification_is_a_reply_with_xid_minus_one_and_a_watcher_event() throws Exception {
        ServerMessage.Notification ours = new ServerMessage.Notification(
                WatcherEvent.of(EventType.NODE_CHILDREN_CHANGED, "/p"), 0x12);
        byte[] zk = zk(new ReplyHeader(-1, 0x12, 0), new org.apache.zookeeper.proto.WatcherEvent(4, 3, "/p"));
        assertThat(ServerMessageCodec.encode(ours, true)).isEqualTo(zk);
        assertThat(ServerMessageCodec.decode(ByteBuffer.wrap(zk), OpCode.ERROR)).isEqualTo(ours);
        assertThat(((ServerMessage.Notification) ServerMessageCodec.decode(ByteBuffer.wrap(zk), 0)).event().state())
                .isEqualTo(KeeperState.SYNC_CONNECTED);
    }

    @Test
    void strings_are_encoded_char_by_char_like_zookeeper() throws Exception {
        String path = "/\u00e9\u2603\uD83D\uDE00"; // é, snowman, and a surrogate pair
        byte[] ours = RequestCodec.encode(1, new Request.Sync(path));
        assertThat(ours).isEqualTo(zk(new RequestHeader(1, OpCode.SYNC), new SyncRequest(path)));
    }

    // ------------------------------------------------------------------ helpers

    private static void request(int xid, Request ours, Record zkBody) throws Exception {
        request(xid, ours, zkBody, ours.opCode());
    }

    /** Encoding equals ZooKeeper's bytes; decoding them gives the same type and the same bytes back. */
    private static void request(int xid, Request ours, Record zkBody, int opCode) throws Exception {
        byte[] zk = zkBody == null ? zk(new RequestHeader(xid, opCode)) : zk(new RequestHeader(xid, opCode), zkBody);
        assertThat(RequestCodec.encode(xid, ours)).as("encoding of %s", ours).isEqualTo(zk);
        RequestCodec.ClientFrame decoded = RequestCodec.decode(ByteBuffer.wrap(zk));
        assertThat(decoded.xid()).isEqualTo(xid);
        assertThat(decoded.request()).isInstanceOf(ours.getClass());
        assertThat(decoded.request().opCode()).isEqualTo(opCode);
        assertThat(RequestCodec.encode(xid, decoded.request())).as("re-encoding of %s", decoded.request()).isEqualTo(zk);
    }

    private static void reply(int opCode, Response body, Record zkBody) throws Exception {
        ServerMessage.Reply ours = new ServerMessage.Reply(42, 0x10000000AL, ErrorCode.OK, body);
        ReplyHeader header = new ReplyHeader(42, 0x10000000AL, 0);
        byte[] zk = zkBody == null ? zk(header) : zk(header, zkBody);
        assertThat(ServerMessageCodec.encode(ours, true)).as("encoding of %s", body).isEqualTo(zk);
        ServerMessage decoded = ServerMessageCodec.decode(ByteBuffer.wrap(zk), opCode);
        assertThat(decoded).isInstanceOf(ServerMessage.Reply.class);
        assertThat(((ServerMessage.Reply) decoded).body()).isInstanceOf(body.getClass());
        assertThat(ServerMessageCodec.encode(decoded, true)).as("re-encoding of %s", decoded).isEqualTo(zk);
    }

    static byte[] zk(Record... records) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryOutputArchive archive = BinaryOutputArchive.getArchive(bytes);
            for (Record record : records) {
                record.serialize(archive, "r");
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ACL> zkAcls(List<Acl> acls) {
        return acls.stream().map(a -> new ACL(a.perms(), new org.apache.zookeeper.data.Id(a.id().scheme(), a.id().id())))
                .toList();
    }

    private static org.apache.zookeeper.data.Stat zkStat(Stat s) {
        return new org.apache.zookeeper.data.Stat(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(), s.cversion(),
                s.aversion(), s.ephemeralOwner(), s.dataLength(), s.numChildren(), s.pzxid());
    }
}
