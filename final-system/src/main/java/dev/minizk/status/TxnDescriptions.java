package dev.minizk.status;

import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;

import java.util.List;
import java.util.stream.Collectors;

/** Turns a logged txn into a row of the recent-txns table: ZooKeeper's op name, the path, a short note. */
final class TxnDescriptions {
    /** How many ops of a multi the note names before it says "...". */
    private static final int MULTI_OPS_NAMED = 4;

    private TxnDescriptions() {
    }

    static TxnView describe(LoggedTxn logged) {
        Txn txn = logged.txn();
        return new TxnView(Hex.id(logged.header().zxid()), Hex.id(logged.header().sessionId()),
                logged.header().cxid(), logged.header().time(), type(txn), path(txn), detail(txn));
    }

    /** ZooKeeper's op names (zkCli and the txn log dump use them). */
    static String type(Txn txn) {
        if (txn instanceof Txn.Create) return "create";
        if (txn instanceof Txn.CreateContainer) return "createContainer";
        if (txn instanceof Txn.CreateTtl) return "createTTL";
        if (txn instanceof Txn.Delete) return "delete";
        if (txn instanceof Txn.SetData) return "setData";
        if (txn instanceof Txn.SetAcl) return "setACL";
        if (txn instanceof Txn.Check) return "check";
        if (txn instanceof Txn.CreateSession) return "createSession";
        if (txn instanceof Txn.CloseSession) return "closeSession";
        if (txn instanceof Txn.Error) return "error";
        if (txn instanceof Txn.Multi) return "multi";
        return txn.getClass().getSimpleName(); // a txn type added later still shows up, by its class name
    }

    /** The path the txn touched; a multi shows its first op's path. Null for session and error txns. */
    static String path(Txn txn) {
        if (txn instanceof Txn.Multi multi) {
            return multi.txns().isEmpty() ? null : path(multi.txns().get(0));
        }
        return txn.path();
    }

    static String detail(Txn txn) {
        if (txn instanceof Txn.Create t) return (t.ephemeral() ? "ephemeral, " : "") + bytes(t.data());
        if (txn instanceof Txn.CreateContainer t) return bytes(t.data());
        if (txn instanceof Txn.CreateTtl t) return "ttl " + t.ttl() + " ms, " + bytes(t.data());
        if (txn instanceof Txn.SetData t) return "version " + t.version() + ", " + bytes(t.data());
        if (txn instanceof Txn.SetAcl t) return "aversion " + t.version() + ", " + t.acl().size() + " entries";
        if (txn instanceof Txn.Check t) return "version " + t.version();
        if (txn instanceof Txn.CreateSession t) return "timeout " + t.timeout() + " ms";
        if (txn instanceof Txn.CloseSession t) {
            return t.paths().isEmpty() ? "no ephemerals" : t.paths().size() + " ephemerals deleted";
        }
        if (txn instanceof Txn.Error t) return t.code().name();
        if (txn instanceof Txn.Multi t) return multiDetail(t.txns());
        return "";
    }

    private static String multiDetail(List<Txn> ops) {
        String named = ops.stream().limit(MULTI_OPS_NAMED).map(TxnDescriptions::type).collect(Collectors.joining(", "));
        return ops.size() + (ops.size() == 1 ? " op: " : " ops: ") + named + (ops.size() > MULTI_OPS_NAMED ? ", ..." : "");
    }

    private static String bytes(byte[] data) {
        int n = data == null ? 0 : data.length;
        return n + (n == 1 ? " byte" : " bytes");
    }
}
