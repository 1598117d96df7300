package dev.minizk.peer;

import dev.minizk.election.Notification;
import dev.minizk.election.PeerState;
import dev.minizk.proto.Request;
import dev.minizk.recovery.TxnCodec;
import dev.minizk.server.WriteRequest;
import dev.minizk.tree.Id;
import dev.minizk.tree.LengthPrefixed;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.wire.MalformedFrameException;
import dev.minizk.wire.RequestCodec;
import dev.minizk.zab.PeerMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The bytes of a message between two servers: a kind byte, then the fields of that
 * {@link PeerMessage} in order, big-endian ({@link DataOutputStream}). Txns are stage 05's log
 * records ({@link TxnCodec}); a forwarded client write carries its request in the client wire
 * format ({@link RequestCodec}). The length prefix of each frame is {@link PeerLinks}' business.
 * This is the course's own format, not ZooKeeper's (whose quorum packets are jute records).
 *
 * <p>Decoding checks everything: an unknown kind, a field cut short, bytes left over or a
 * length out of range is a {@link PeerFrameException} naming what was wrong, never a crash.
 */
public final class PeerCodec {
    /** A snapshot or a txn bigger than this is corruption (a frame is bounded the same way). */
    public static final int MAX_FRAME_BYTES = 512 * 1024 * 1024;

    private static final byte ELECTION = 1;
    private static final byte FOLLOWER_INFO = 2;
    private static final byte OBSERVER_INFO = 3;
    private static final byte LEADER_INFO = 4;
    private static final byte ACK_EPOCH = 5;
    private static final byte SNAP = 6;
    private static final byte DIFF = 7;
    private static final byte TRUNC = 8;
    private static final byte NEW_LEADER = 9;
    private static final byte ACK = 10;
    private static final byte UP_TO_DATE = 11;
    private static final byte PROPOSAL = 12;
    private static final byte COMMIT = 13;
    private static final byte INFORM = 14;
    private static final byte PING = 15;
    private static final byte REQUEST = 16;
    private static final byte SYNC = 17;

    /** How a forwarded write's request is written: the client format cannot carry a createSession. */
    private static final byte CLIENT_REQUEST = 0;
    private static final byte CREATE_SESSION = 1;

    private PeerCodec() {
    }

    public static byte[] encode(PeerMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    private static void write(DataOutputStream out, PeerMessage message) throws IOException {
        if (message instanceof PeerMessage.Election m) {
            out.writeByte(ELECTION);
            Notification n = m.notification();
            out.writeByte(n.state().ordinal());
            out.writeInt(n.leader());
            out.writeLong(n.zxid());
            out.writeLong(n.electionEpoch());
            out.writeLong(n.peerEpoch());
            out.writeInt(n.sid());
        } else if (message instanceof PeerMessage.FollowerInfo m) {
            out.writeByte(FOLLOWER_INFO);
            longs(out, m.acceptedEpoch(), m.lastZxid(), m.electionRound());
        } else if (message instanceof PeerMessage.ObserverInfo m) {
            out.writeByte(OBSERVER_INFO);
            longs(out, m.acceptedEpoch(), m.lastZxid(), m.electionRound());
        } else if (message instanceof PeerMessage.LeaderInfo m) {
            out.writeByte(LEADER_INFO);
            out.writeLong(m.newEpoch());
        } else if (message instanceof PeerMessage.AckEpoch m) {
            out.writeByte(ACK_EPOCH);
            longs(out, m.currentEpoch(), m.lastZxid());
        } else if (message instanceof PeerMessage.Snap m) {
            out.writeByte(SNAP);
            out.writeLong(m.zxid());
            out.writeInt(m.snapshot().length);
            out.write(m.snapshot());
        } else if (message instanceof PeerMessage.Diff m) {
            out.writeByte(DIFF);
            out.writeLong(m.zxid());
        } else if (message instanceof PeerMessage.Trunc m) {
            out.writeByte(TRUNC);
            out.writeLong(m.zxid());
        } else if (message instanceof PeerMessage.NewLeader m) {
            out.writeByte(NEW_LEADER);
            out.writeLong(m.zxid());
        } else if (message instanceof PeerMessage.Ack m) {
            out.writeByte(ACK);
            out.writeLong(m.zxid());
        } else if (message instanceof PeerMessage.UpToDate m) {
            out.writeByte(UP_TO_DATE);
            out.writeLong(m.committedZxid());
        } else if (message instanceof PeerMessage.Proposal m) {
            out.writeByte(PROPOSAL);
            writeTxn(out, m.txn());
        } else if (message instanceof PeerMessage.Commit m) {
            out.writeByte(COMMIT);
            out.writeLong(m.zxid());
        } else if (message instanceof PeerMessage.Inform m) {
            out.writeByte(INFORM);
            writeTxn(out, m.txn());
        } else if (message instanceof PeerMessage.Ping m) {
            out.writeByte(PING);
            longs(out, m.lastZxid(), m.committedZxid());
            out.writeInt(m.sessions().size());
            for (long session : m.sessions()) {
                out.writeLong(session);
            }
        } else if (message instanceof PeerMessage.Request m) {
            out.writeByte(REQUEST);
            writeWrite(out, m.write());
        } else if (message instanceof PeerMessage.Sync m) {
            out.writeByte(SYNC);
            out.writeLong(m.sessionId());
            out.writeInt(m.cxid());
        } else {
            throw new IllegalArgumentException("no encoding for " + message.getClass().getName());
        }
    }

    private static void longs(DataOutputStream out, long... values) throws IOException {
        for (long value : values) {
            out.writeLong(value);
        }
    }

    private static void writeTxn(DataOutputStream out, LoggedTxn txn) throws IOException {
        byte[] bytes = TxnCodec.encode(txn);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static void writeWrite(DataOutputStream out, WriteRequest write) throws IOException {
        out.writeLong(write.sessionId());
        out.writeInt(write.cxid());
        out.writeInt(write.identities().size());
        for (Id id : write.identities()) {
            LengthPrefixed.writeString(out, id.scheme());
            LengthPrefixed.writeString(out, id.id());
        }
        if (write.request() instanceof Request.CreateSession create) {
            out.writeByte(CREATE_SESSION);
            out.writeInt(create.timeout());
        } else {
            out.writeByte(CLIENT_REQUEST);
            byte[] request = RequestCodec.encode(write.cxid(), write.request());
            out.writeInt(request.length);
            out.write(request);
        }
    }

    // ------------------------------------------------------------------ decoding

    public static PeerMessage decode(byte[] frame) throws PeerFrameException {
        if (frame.length == 0) {
            throw new PeerFrameException("an empty frame");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));
        byte kind = frame[0];
        PeerMessage message;
        try {
            in.readByte();
            message = read(in, kind);
            if (in.available() != 0) {
                throw new PeerFrameException(in.available() + " bytes after a message of kind " + kind);
            }
        } catch (EOFException e) {
            throw new PeerFrameException("a message of kind " + kind + " cut short after " + (frame.length - 1) + " bytes");
        } catch (IOException | IllegalArgumentException e) {
            throw new PeerFrameException("a message of kind " + kind + " with a bad field: " + e.getMessage(), e);
        }
        return message;
    }

    private static PeerMessage read(DataInputStream in, byte kind) throws IOException, PeerFrameException {
        return switch (kind) {
            case ELECTION -> new PeerMessage.Election(readNotification(in));
            case FOLLOWER_INFO -> new PeerMessage.FollowerInfo(in.readLong(), in.readLong(), in.readLong());
            case OBSERVER_INFO -> new PeerMessage.ObserverInfo(in.readLong(), in.readLong(), in.readLong());
            case LEADER_INFO -> new PeerMessage.LeaderInfo(in.readLong());
            case ACK_EPOCH -> new PeerMessage.AckEpoch(in.readLong(), in.readLong());
            case SNAP -> {
                long zxid = in.readLong();
                yield new PeerMessage.Snap(readBytes(in, "snapshot"), zxid);
            }
            case DIFF -> new PeerMessage.Diff(in.readLong());
            case TRUNC -> new PeerMessage.Trunc(in.readLong());
            case NEW_LEADER -> new PeerMessage.NewLeader(in.readLong());
            case ACK -> new PeerMessage.Ack(in.readLong());
            case UP_TO_DATE -> new PeerMessage.UpToDate(in.readLong());
            case PROPOSAL -> new PeerMessage.Proposal(readTxn(in));
            case COMMIT -> new PeerMessage.Commit(in.readLong());
            case INFORM -> new PeerMessage.Inform(readTxn(in));
            case PING -> readPing(in);
            case REQUEST -> new PeerMessage.Request(readWrite(in));
            case SYNC -> new PeerMessage.Sync(in.readLong(), in.readInt());
            default -> throw new PeerFrameException("unknown message kind " + kind);
        };
    }

    private static Notification readNotification(DataInputStream in) throws IOException, PeerFrameException {
        int state = in.readByte();
        PeerState[] states = PeerState.values();
        if (state < 0 || state >= states.length) {
            throw new PeerFrameException("unknown peer state " + state + " in a notification");
        }
        return new Notification(states[state], in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readInt());
    }

    private static PeerMessage.Ping readPing(DataInputStream in) throws IOException, PeerFrameException {
        long lastZxid = in.readLong();
        long committedZxid = in.readLong();
        int count = in.readInt();
        if (count < 0 || count > in.available() / Long.BYTES) {
            throw new PeerFrameException("a ping with " + count + " sessions in " + in.available() + " bytes");
        }
        Set<Long> sessions = new HashSet<>();
        for (int i = 0; i < count; i++) {
            sessions.add(in.readLong());
        }
        return new PeerMessage.Ping(lastZxid, committedZxid, sessions);
    }

    private static byte[] readBytes(DataInputStream in, String what) throws IOException, PeerFrameException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new PeerFrameException("a " + what + " of " + length + " bytes in a frame with " + in.available() + " left");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static LoggedTxn readTxn(DataInputStream in) throws IOException, PeerFrameException {
        return TxnCodec.decode(readBytes(in, "txn"));
    }

    private static WriteRequest readWrite(DataInputStream in) throws IOException, PeerFrameException {
        long sessionId = in.readLong();
        int cxid = in.readInt();
        int count = in.readInt();
        if (count < 0 || count > in.available() / 8) {
            throw new PeerFrameException("a write with " + count + " identities in " + in.available() + " bytes");
        }
        List<Id> identities = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            identities.add(new Id(LengthPrefixed.readString(in), LengthPrefixed.readString(in)));
        }
        byte how = in.readByte();
        Request request = switch (how) {
            case CREATE_SESSION -> new Request.CreateSession(in.readInt());
            case CLIENT_REQUEST -> {
                try {
                    yield RequestCodec.decode(ByteBuffer.wrap(readBytes(in, "request"))).request();
                } catch (MalformedFrameException e) {
                    throw new PeerFrameException("a forwarded write whose request does not decode: " + e.getMessage(), e);
                }
            }
            default -> throw new PeerFrameException("unknown request encoding " + how + " in a forwarded write");
        };
        return new WriteRequest(sessionId, cxid, request, identities);
    }
}
