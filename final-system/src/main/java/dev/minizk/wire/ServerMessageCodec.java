package dev.minizk.wire;

import dev.minizk.proto.KeeperState;
import dev.minizk.proto.OpCode;
import dev.minizk.proto.Response;
import dev.minizk.proto.Response.OpResult;
import dev.minizk.proto.ServerMessage;
import dev.minizk.proto.WatcherEvent;
import dev.minizk.proto.Xid;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.EventType;
import dev.minizk.tree.Id;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Server frames: the bare ConnectResponse first, then {@code ReplyHeader { int xid; long zxid;
 * int err }} and a body. An error reply is the 16-byte header alone (a failed multi is a
 * successful reply whose results carry the errors). Notifications are replies with xid -1
 * and a {@code WatcherEvent} body.
 *
 * <p>A reply body does not say what it is: the client knows from the request it is waiting
 * for, so decoding needs that request's op code.
 */
public final class ServerMessageCodec {
    /** The bytes of a ReplyHeader. */
    public static final int HEADER_BYTES = 16;

    private ServerMessageCodec() {
    }

    // ------------------------------------------------------------------ encode (server side)

    /**
     * The payload of a server frame, without the length prefix.
     *
     * @param readOnlyByte for {@link ServerMessage.Connected} only: whether the client's
     *                     ConnectRequest carried the readOnly byte, so the answer carries it too
     */
    public static byte[] encode(ServerMessage message, boolean readOnlyByte) {
        if (message instanceof ServerMessage.Connected connected) {
            return ConnectCodec.encodeResponse(connected.response(), readOnlyByte);
        }
        JuteWriter out = new JuteWriter();
        if (message instanceof ServerMessage.Reply reply) {
            out.writeInt(reply.xid()).writeLong(reply.zxid()).writeInt(reply.err().value());
            if (reply.err() == ErrorCode.OK && reply.body() != null) {
                writeBody(out, reply.body());
            }
        } else if (message instanceof ServerMessage.Notification notification) {
            WatcherEvent event = notification.event();
            out.writeInt(Xid.NOTIFICATION).writeLong(notification.zxid()).writeInt(0);
            out.writeInt(event.type().value()).writeInt(event.state().value()).writeString(event.path());
        }
        return out.toByteArray();
    }

    private static void writeBody(JuteWriter out, Response body) {
        if (body instanceof Response.PathOnly r) {
            out.writeString(r.path());
        } else if (body instanceof Response.Created r) {
            out.writeString(r.path());
            WireRecords.writeStat(out, r.stat());
        } else if (body instanceof Response.StatOnly r) {
            WireRecords.writeStat(out, r.stat());
        } else if (body instanceof Response.Data r) {
            out.writeBuffer(r.data());
            WireRecords.writeStat(out, r.stat());
        } else if (body instanceof Response.Children r) {
            out.writeStrings(r.children());
        } else if (body instanceof Response.ChildrenWithStat r) {
            out.writeStrings(r.children());
            WireRecords.writeStat(out, r.stat());
        } else if (body instanceof Response.AclWithStat r) {
            WireRecords.writeAcls(out, r.acl());
            WireRecords.writeStat(out, r.stat());
        } else if (body instanceof Response.MultiResults r) {
            writeResults(out, r.results());
        } else if (body instanceof Response.Ephemerals r) {
            out.writeStrings(r.paths());
        } else if (body instanceof Response.Count r) {
            out.writeInt(r.count());
        } else if (body instanceof Response.Identities r) {
            // vector<ClientInfo { ustring authScheme; ustring user }>
            out.writeInt(r.ids().size());
            for (Id id : r.ids()) {
                WireRecords.writeId(out, id);
            }
        } else if (body instanceof Response.ErrorOnly r) {
            out.writeInt(r.err().value());
        }
        // Empty: no body.
    }

    /** Each result behind a {@code MultiHeader{type, done=false, err}}; then the end marker. */
    private static void writeResults(JuteWriter out, List<OpResult> results) {
        for (OpResult result : results) {
            if (result instanceof OpResult.Create r) {
                out.writeInt(r.stat() == null ? OpCode.CREATE : OpCode.CREATE2).writeBool(false).writeInt(0);
                out.writeString(r.path());
                if (r.stat() != null) {
                    WireRecords.writeStat(out, r.stat());
                }
            } else if (result instanceof OpResult.Delete) {
                out.writeInt(OpCode.DELETE).writeBool(false).writeInt(0);
            } else if (result instanceof OpResult.Check) {
                out.writeInt(OpCode.CHECK).writeBool(false).writeInt(0);
            } else if (result instanceof OpResult.SetData r) {
                out.writeInt(OpCode.SET_DATA).writeBool(false).writeInt(0);
                WireRecords.writeStat(out, r.stat());
            } else if (result instanceof OpResult.GetData r) {
                out.writeInt(OpCode.GET_DATA).writeBool(false).writeInt(0);
                out.writeBuffer(r.data());
                WireRecords.writeStat(out, r.stat());
            } else if (result instanceof OpResult.GetChildren r) {
                out.writeInt(OpCode.GET_CHILDREN).writeBool(false).writeInt(0);
                out.writeStrings(r.children());
            } else if (result instanceof OpResult.Error r) {
                // The code twice: in the header and as the ErrorResponse body.
                out.writeInt(OpCode.ERROR).writeBool(false).writeInt(r.err().value());
                out.writeInt(r.err().value());
            }
        }
        out.writeInt(-1).writeBool(true).writeInt(-1);
    }

    // ------------------------------------------------------------------ decode (client side)

    /** The xid of a server frame (after the handshake), to tell notifications and pings from replies. */
    public static int peekXid(ByteBuffer payload) throws MalformedFrameException {
        if (payload.remaining() < 4) {
            throw new MalformedFrameException("reply header: frame of " + payload.remaining() + " bytes has no xid");
        }
        return payload.getInt(payload.position());
    }

    /**
     * Decodes a server frame after the handshake.
     *
     * @param requestOpCode the op code of the request this reply answers (the client's oldest
     *                      outstanding one; {@link OpCode#PING} for xid -2, {@link OpCode#AUTH}
     *                      for xid -4); ignored for a notification
     */
    public static ServerMessage decode(ByteBuffer payload, int requestOpCode) throws MalformedFrameException {
        JuteReader in = new JuteReader(payload);
        int xid = in.readInt("header.xid");
        long zxid = in.readLong("header.zxid");
        int errValue = in.readInt("header.err");
        ErrorCode err = errorCode(errValue, "header.err");
        if (xid == Xid.NOTIFICATION) {
            EventType type = eventType(in.readInt("event.type"));
            KeeperState state = keeperState(in.readInt("event.state"));
            return new ServerMessage.Notification(new WatcherEvent(type, state, in.readString("event.path")), zxid);
        }
        Response body = err == ErrorCode.OK ? readBody(in, requestOpCode) : null;
        return new ServerMessage.Reply(xid, zxid, err, body);
    }

    private static Response readBody(JuteReader in, int opCode) throws MalformedFrameException {
        return switch (opCode) {
            case OpCode.CREATE, OpCode.SYNC -> new Response.PathOnly(in.readString("path"));
            case OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL ->
                    new Response.Created(in.readString("path"), WireRecords.readStat(in));
            case OpCode.EXISTS, OpCode.SET_DATA, OpCode.SET_ACL -> new Response.StatOnly(WireRecords.readStat(in));
            case OpCode.GET_DATA -> new Response.Data(in.readBuffer("data"), WireRecords.readStat(in));
            case OpCode.GET_ACL -> new Response.AclWithStat(WireRecords.readAcls(in), WireRecords.readStat(in));
            case OpCode.GET_CHILDREN -> new Response.Children(WireRecords.nonNull(in.readStrings("children")));
            case OpCode.GET_CHILDREN2 ->
                    new Response.ChildrenWithStat(WireRecords.nonNull(in.readStrings("children")), WireRecords.readStat(in));
            case OpCode.MULTI, OpCode.MULTI_READ -> new Response.MultiResults(readResults(in));
            case OpCode.GET_EPHEMERALS -> new Response.Ephemerals(WireRecords.nonNull(in.readStrings("ephemerals")));
            case OpCode.GET_ALL_CHILDREN_NUMBER -> new Response.Count(in.readInt("totalNumber"));
            case OpCode.WHO_AM_I -> new Response.Identities(readClientInfos(in));
            case OpCode.ADD_WATCH -> new Response.ErrorOnly(errorCode(in.readInt("err"), "err"));
            default -> new Response.Empty(); // delete, check, ping, auth, set/check/removeWatches, closeSession
        };
    }

    private static List<OpResult> readResults(JuteReader in) throws MalformedFrameException {
        List<OpResult> results = new ArrayList<>();
        while (true) {
            String field = "multi[" + results.size() + "]";
            int type = in.readInt(field + ".type");
            boolean done = in.readBool(field + ".done");
            int err = in.readInt(field + ".err");
            if (done) {
                return results;
            }
            results.add(switch (type) {
                case OpCode.CREATE -> new OpResult.Create(in.readString(field + ".path"), null);
                case OpCode.CREATE2 -> new OpResult.Create(in.readString(field + ".path"), WireRecords.readStat(in));
                case OpCode.DELETE -> new OpResult.Delete();
                case OpCode.CHECK -> new OpResult.Check();
                case OpCode.SET_DATA -> new OpResult.SetData(WireRecords.readStat(in));
                case OpCode.GET_DATA -> new OpResult.GetData(in.readBuffer(field + ".data"), WireRecords.readStat(in));
                case OpCode.GET_CHILDREN -> new OpResult.GetChildren(WireRecords.nonNull(in.readStrings(field + ".children")));
                case OpCode.ERROR -> {
                    in.readInt(field + ".err"); // ErrorResponse repeats the header's code
                    yield new OpResult.Error(errorCode(err, field + ".err"));
                }
                default -> throw new MalformedFrameException(field + ": unknown result type " + type);
            });
        }
    }

    private static List<Id> readClientInfos(JuteReader in) throws MalformedFrameException {
        int count = in.readCount("clientInfo", 8);
        List<Id> ids = new ArrayList<>(Math.max(count, 0));
        for (int i = 0; i < count; i++) {
            ids.add(WireRecords.readId(in, "clientInfo[" + i + "]"));
        }
        return ids;
    }

    private static ErrorCode errorCode(int value, String field) throws MalformedFrameException {
        try {
            return ErrorCode.of(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException(field + ": unknown error code " + value);
        }
    }

    private static EventType eventType(int value) throws MalformedFrameException {
        try {
            return EventType.of(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException("event.type: unknown event type " + value);
        }
    }

    private static KeeperState keeperState(int value) throws MalformedFrameException {
        try {
            return KeeperState.of(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException("event.state: unknown keeper state " + value);
        }
    }
}
