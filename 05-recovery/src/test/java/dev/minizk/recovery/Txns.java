package dev.minizk.recovery;

import dev.minizk.tree.Acl;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;
import dev.minizk.txn.Zxid;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Txns for the tests: creates of /n1, /n2, … in epoch 1, and a set of data of each. */
final class Txns {
    static final long SESSION = 0x4d5aL;

    private Txns() {
    }

    static LoggedTxn create(long epoch, long counter) {
        byte[] data = ("v" + counter).getBytes(StandardCharsets.UTF_8);
        return new LoggedTxn(new TxnHeader(SESSION, (int) counter, Zxid.of(epoch, counter), 1000 + counter),
                new Txn.Create("/n" + counter, data, Acl.OPEN_ACL_UNSAFE, false, (int) counter));
    }

    /** Creates of /n{from} … /n{to} in epoch 1. */
    static List<LoggedTxn> creates(int from, int to) {
        List<LoggedTxn> txns = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            txns.add(create(1, i));
        }
        return txns;
    }

    static List<Long> zxids(List<LoggedTxn> txns) {
        return txns.stream().map(t -> t.header().zxid()).toList();
    }
}
