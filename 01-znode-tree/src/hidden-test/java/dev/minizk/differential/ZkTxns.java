package dev.minizk.differential;

import dev.minizk.tree.Acl;
import dev.minizk.txn.TxnHeader;
import dev.minizk.txn.Txn;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.txn.CheckVersionTxn;
import org.apache.zookeeper.txn.CloseSessionTxn;
import org.apache.zookeeper.txn.CreateContainerTxn;
import org.apache.zookeeper.txn.CreateSessionTxn;
import org.apache.zookeeper.txn.CreateTTLTxn;
import org.apache.zookeeper.txn.CreateTxn;
import org.apache.zookeeper.txn.DeleteTxn;
import org.apache.zookeeper.txn.ErrorTxn;
import org.apache.zookeeper.txn.MultiTxn;
import org.apache.zookeeper.txn.SetACLTxn;
import org.apache.zookeeper.txn.SetDataTxn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates one of our txns, header included, into ZooKeeper's txn records, exactly as
 * ZooKeeper's leader would have logged it, and applies it with {@link DataTree#processTxn}.
 */
final class ZkTxns {
    /** ZooKeeper decides container and TTL owners only when extended types are on (our TTL nodes need them). */
    static void enableExtendedTypes() {
        System.setProperty("zookeeper.extendedTypesEnabled", "true");
    }

    private ZkTxns() {
    }

    /** A txn body with the op code its header must carry. */
    record Typed(int type, Record record) {
    }

    static DataTree.ProcessTxnResult apply(DataTree zk, TxnHeader header, Txn txn) {
        Typed typed = translate(txn);
        org.apache.zookeeper.txn.TxnHeader zkHeader = new org.apache.zookeeper.txn.TxnHeader(
                header.sessionId(), header.cxid(), header.zxid(), header.time(), typed.type());
        return zk.processTxn(zkHeader, typed.record());
    }

    static Typed translate(Txn txn) {
        if (txn instanceof Txn.Create t) {
            return new Typed(OpCode.create, new CreateTxn(t.path(), t.data(), acl(t.acl()), t.ephemeral(), t.parentCVersion()));
        } else if (txn instanceof Txn.CreateContainer t) {
            return new Typed(OpCode.createContainer, new CreateContainerTxn(t.path(), t.data(), acl(t.acl()), t.parentCVersion()));
        } else if (txn instanceof Txn.CreateTtl t) {
            return new Typed(OpCode.createTTL, new CreateTTLTxn(t.path(), t.data(), acl(t.acl()), t.parentCVersion(), t.ttl()));
        } else if (txn instanceof Txn.Delete t) {
            return new Typed(OpCode.delete, new DeleteTxn(t.path()));
        } else if (txn instanceof Txn.SetData t) {
            return new Typed(OpCode.setData, new SetDataTxn(t.path(), t.data(), t.version()));
        } else if (txn instanceof Txn.SetAcl t) {
            return new Typed(OpCode.setACL, new SetACLTxn(t.path(), acl(t.acl()), t.version()));
        } else if (txn instanceof Txn.Check t) {
            return new Typed(OpCode.check, new CheckVersionTxn(t.path(), t.version()));
        } else if (txn instanceof Txn.CreateSession t) {
            return new Typed(OpCode.createSession, new CreateSessionTxn(t.timeout()));
        } else if (txn instanceof Txn.CloseSession t) {
            return new Typed(OpCode.closeSession, new CloseSessionTxn(new ArrayList<>(t.paths())));
        } else if (txn instanceof Txn.Error t) {
            return new Typed(OpCode.error, new ErrorTxn(t.code().value()));
        } else if (txn instanceof Txn.Multi t) {
            List<org.apache.zookeeper.txn.Txn> subs = new ArrayList<>();
            for (Txn sub : t.txns()) {
                Typed typed = translate(sub);
                subs.add(new org.apache.zookeeper.txn.Txn(typed.type(), bytes(typed.record())));
            }
            return new Typed(OpCode.multi, new MultiTxn(subs));
        }
        throw new IllegalArgumentException("no ZooKeeper txn for " + txn);
    }

    static List<ACL> acl(List<Acl> acl) {
        List<ACL> zk = new ArrayList<>(acl.size());
        for (Acl entry : acl) {
            zk.add(new ACL(entry.perms(), new Id(entry.id().scheme(), entry.id().id())));
        }
        return zk;
    }

    static List<Acl> fromZk(List<ACL> acl) {
        List<Acl> ours = new ArrayList<>(acl.size());
        for (ACL entry : acl) {
            ours.add(new Acl(entry.getPerms(), new dev.minizk.tree.Id(entry.getId().getScheme(), entry.getId().getId())));
        }
        return ours;
    }

    /** A sub-txn travels inside MultiTxn as its serialized bytes, as PrepRequestProcessor writes it. */
    static byte[] bytes(Record record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            record.serialize(BinaryOutputArchive.getArchive(out), "request");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
