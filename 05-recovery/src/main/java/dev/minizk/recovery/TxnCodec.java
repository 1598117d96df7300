package dev.minizk.recovery;

import static dev.minizk.tree.LengthPrefixed.readBytes;
import static dev.minizk.tree.LengthPrefixed.readString;
import static dev.minizk.tree.LengthPrefixed.writeBytes;
import static dev.minizk.tree.LengthPrefixed.writeString;

import dev.minizk.proto.OpCode;
import dev.minizk.tree.Acl;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.Id;
import dev.minizk.tree.LengthPrefixed;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A txn as bytes, as ZooKeeper's log holds it: the header ({@code TxnHeader{clientId, cxid,
 * zxid, time, type}}) then the body of that type, with ZooKeeper's op codes as types. Only the
 * body's fields that the txn needs to be applied again are written: the log is a replay script.
 */
public final class TxnCodec {
    /** A length beyond any znode's data or path is corruption: refuse it before allocating. */
    private static final int MAX_LENGTH = LengthPrefixed.MAX_LENGTH;

    private TxnCodec() {
    }

    public static byte[] encode(LoggedTxn logged) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            TxnHeader header = logged.header();
            out.writeLong(header.sessionId());
            out.writeInt(header.cxid());
            out.writeLong(header.zxid());
            out.writeLong(header.time());
            writeTxn(out, logged.txn());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a whole record; trailing bytes or a record cut short are corruption (IOException). */
    public static LoggedTxn decode(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            TxnHeader header = new TxnHeader(in.readLong(), in.readInt(), in.readLong(), in.readLong());
            Txn txn = readTxn(in);
            if (in.available() != 0) {
                throw new IOException(in.available() + " bytes after the txn");
            }
            return new LoggedTxn(header, txn);
        } catch (EOFException e) {
            throw new IOException("a txn cut short", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("a txn with a bad field: " + e.getMessage(), e);
        }
    }

    private static void writeTxn(DataOutput out, Txn txn) throws IOException {
        if (txn instanceof Txn.Create t) {
            out.writeInt(OpCode.CREATE);
            writeNodeBody(out, t.path(), t.data(), t.acl(), t.parentCVersion());
            out.writeBoolean(t.ephemeral());
        } else if (txn instanceof Txn.CreateContainer t) {
            out.writeInt(OpCode.CREATE_CONTAINER);
            writeNodeBody(out, t.path(), t.data(), t.acl(), t.parentCVersion());
        } else if (txn instanceof Txn.CreateTtl t) {
            out.writeInt(OpCode.CREATE_TTL);
            writeNodeBody(out, t.path(), t.data(), t.acl(), t.parentCVersion());
            out.writeLong(t.ttl());
        } else if (txn instanceof Txn.Delete t) {
            out.writeInt(OpCode.DELETE);
            writeString(out, t.path());
        } else if (txn instanceof Txn.SetData t) {
            out.writeInt(OpCode.SET_DATA);
            writeString(out, t.path());
            writeBytes(out, t.data());
            out.writeInt(t.version());
        } else if (txn instanceof Txn.SetAcl t) {
            out.writeInt(OpCode.SET_ACL);
            writeString(out, t.path());
            writeAcl(out, t.acl());
            out.writeInt(t.version());
        } else if (txn instanceof Txn.Check t) {
            out.writeInt(OpCode.CHECK);
            writeString(out, t.path());
            out.writeInt(t.version());
        } else if (txn instanceof Txn.CreateSession t) {
            out.writeInt(OpCode.CREATE_SESSION);
            out.writeInt(t.timeout());
        } else if (txn instanceof Txn.CloseSession t) {
            out.writeInt(OpCode.CLOSE_SESSION);
            out.writeInt(t.paths().size());
            for (String path : t.paths()) {
                writeString(out, path);
            }
        } else if (txn instanceof Txn.Error t) {
            out.writeInt(OpCode.ERROR);
            out.writeInt(t.code().value());
        } else if (txn instanceof Txn.Multi t) {
            out.writeInt(OpCode.MULTI);
            out.writeInt(t.txns().size());
            for (Txn sub : t.txns()) {
                writeTxn(out, sub);
            }
        } else {
            throw new IllegalArgumentException("no log format for " + txn);
        }
    }

    private static Txn readTxn(DataInput in) throws IOException {
        int type = in.readInt();
        return switch (type) {
            case OpCode.CREATE -> {
                NodeBody b = readNodeBody(in);
                yield new Txn.Create(b.path, b.data, b.acl, in.readBoolean(), b.parentCVersion);
            }
            case OpCode.CREATE_CONTAINER -> {
                NodeBody b = readNodeBody(in);
                yield new Txn.CreateContainer(b.path, b.data, b.acl, b.parentCVersion);
            }
            case OpCode.CREATE_TTL -> {
                NodeBody b = readNodeBody(in);
                yield new Txn.CreateTtl(b.path, b.data, b.acl, b.parentCVersion, in.readLong());
            }
            case OpCode.DELETE -> new Txn.Delete(readString(in));
            case OpCode.SET_DATA -> new Txn.SetData(readString(in), readBytes(in), in.readInt());
            case OpCode.SET_ACL -> new Txn.SetAcl(readString(in), readAcl(in), in.readInt());
            case OpCode.CHECK -> new Txn.Check(readString(in), in.readInt());
            case OpCode.CREATE_SESSION -> new Txn.CreateSession(in.readInt());
            case OpCode.CLOSE_SESSION -> {
                int count = readCount(in);
                List<String> paths = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    paths.add(readString(in));
                }
                yield new Txn.CloseSession(List.copyOf(paths));
            }
            case OpCode.ERROR -> new Txn.Error(ErrorCode.of(in.readInt()));
            case OpCode.MULTI -> {
                int count = readCount(in);
                List<Txn> txns = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    txns.add(readTxn(in));
                }
                yield new Txn.Multi(List.copyOf(txns));
            }
            default -> throw new IOException("unknown txn type " + type);
        };
    }

    private record NodeBody(String path, byte[] data, List<Acl> acl, int parentCVersion) {
    }

    private static void writeNodeBody(DataOutput out, String path, byte[] data, List<Acl> acl, int parentCVersion) throws IOException {
        writeString(out, path);
        writeBytes(out, data);
        writeAcl(out, acl);
        out.writeInt(parentCVersion);
    }

    private static NodeBody readNodeBody(DataInput in) throws IOException {
        return new NodeBody(readString(in), readBytes(in), readAcl(in), in.readInt());
    }

    private static void writeAcl(DataOutput out, List<Acl> acl) throws IOException {
        out.writeInt(acl.size());
        for (Acl entry : acl) {
            out.writeInt(entry.perms());
            writeString(out, entry.id().scheme());
            writeString(out, entry.id().id());
        }
    }

    private static List<Acl> readAcl(DataInput in) throws IOException {
        int count = readCount(in);
        List<Acl> acl = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            acl.add(new Acl(in.readInt(), new Id(readString(in), readString(in))));
        }
        return List.copyOf(acl);
    }

    private static int readCount(DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_LENGTH) {
            throw new IOException("a bad count " + count);
        }
        return count;
    }
}
