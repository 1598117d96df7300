package dev.minizk.watch;

import dev.minizk.proto.WatcherEvent;
import dev.minizk.tree.Acl;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.EventType;
import dev.minizk.txn.Op;
import dev.minizk.txn.TreeDatabase;
import dev.minizk.txn.TxnResult;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real tree and a watch manager, wired the way the server wires them: every write goes through
 * stage 01's {@link TreeDatabase}, and the txn's triggers are fed to {@link WatchManager#triggerAll}.
 * Each write returns the deliveries it caused. Watchers are plain connection ids.
 */
abstract class WatchScenario {
    final TreeDatabase db = new TreeDatabase();
    final WatchManager watches = new WatchManager();

    List<Delivery> create(String path) {
        return deliver(db.create(path, ""));
    }

    List<Delivery> setData(String path, String data) {
        return deliver(db.setData(path, data, -1));
    }

    List<Delivery> delete(String path) {
        return deliver(db.delete(path, -1));
    }

    List<Delivery> setAcl(String path) {
        return deliver(db.submit(0, new Op.SetAcl(path, Acl.OPEN_ACL_UNSAFE, -1)));
    }

    /** Applies the triggers of a txn that must have succeeded. */
    List<Delivery> deliver(TxnResult result) {
        assertThat(result.err()).as("the write itself (path %s)", result.path()).isEqualTo(ErrorCode.OK);
        return watches.triggerAll(result.triggers());
    }

    /** The zxid of the last applied txn: what a client that saw every reply so far would send on reconnect. */
    long lastZxid() {
        return db.tree().lastProcessedZxid();
    }

    static Delivery delivery(long watcher, EventType type, String path) {
        return new Delivery(watcher, WatcherEvent.of(type, path));
    }

    static WatcherEvent event(EventType type, String path) {
        return WatcherEvent.of(type, path);
    }
}
