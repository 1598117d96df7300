package dev.minizk.differential;

import dev.minizk.tree.DataTree;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.TreeSnapshot;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Op;
import dev.minizk.txn.TreeDatabase;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnProcessor;
import dev.minizk.txn.TxnResult;
import org.apache.zookeeper.server.DataTree.ProcessTxnResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Differential test: random write requests go through our prep and apply
 * ({@link TreeDatabase}), and the very txn we log (same session, cxid, zxid and time) is
 * translated into ZooKeeper's txn records and applied to ZooKeeper's own
 * {@code org.apache.zookeeper.server.DataTree}. After every request the results (error codes,
 * paths, Stats, multi sub-results) and the whole trees (existence, data, children, ACLs,
 * every Stat field, ephemeral index, reap candidates) must agree.
 *
 * <p>Prep is checked against the real tree too: {@link PrepOracle} computes, from the ZooKeeper
 * tree, the error ZooKeeper's PrepRequestProcessor would return. And while requests run, a
 * {@link TreeSnapshot.Writer} walks the tree a few nodes at a time; the fuzzy snapshot is
 * restored, the txns after its start are replayed on it and on a ZooKeeper copy of it, and
 * both must end equal to the live trees.
 *
 * <p>Replay one seed: {@code mvn -q -pl 01-znode-tree test -Dtest=DataTreeDifferentialTest -Dminizk.seed=123}
 * (and {@code -Dminizk.ops=N} to change the number of requests per seed).
 */
class DataTreeDifferentialTest {
    private static final long[] SEEDS = {1, 2, 3, 4, 5, 6};
    private static final int DEFAULT_OPS = 2_000;

    static {
        ZkTxns.enableExtendedTypes();
    }

    @Test
    void fresh_trees_agree_on_the_system_nodes() {
        DataTree ours = new DataTree();
        org.apache.zookeeper.server.DataTree zk = new org.apache.zookeeper.server.DataTree();
        for (String path : List.of("/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config")) {
            assertNull(TreeComparison.nodeDifference(path, ours, zk));
        }
        assertNull(TreeComparison.firstDifference(ours, zk, 0));
    }

    @TestFactory
    Stream<DynamicTest> random_requests_agree_with_zookeeper() {
        String seedProperty = System.getProperty("minizk.seed");
        int ops = Integer.getInteger("minizk.ops", DEFAULT_OPS);
        LongStream seeds = seedProperty == null || seedProperty.isBlank()
                ? LongStream.of(SEEDS) : LongStream.of(Long.parseLong(seedProperty.trim()));
        return seeds.mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> new Run(seed, ops).run()));
    }

    /** One seed's run: both trees, the sessions, the request generator, and a fuzzy snapshot in progress. */
    private static final class Run {
        private final long seed;
        private final int ops;
        private final Random random;
        private final TreeDatabase db = new TreeDatabase();
        private final org.apache.zookeeper.server.DataTree zk = new org.apache.zookeeper.server.DataTree();
        private final RequestGenerator generator;
        private final List<Long> sessions = new ArrayList<>();
        private int step;
        private String current = "(before any request)";
        private ByteArrayOutputStream snapshotBytes;
        private TreeSnapshot.Writer snapshot;
        private int fuzzySnapshotsChecked;
        /** Every prep outcome seen, so a run can show it exercised each error. */
        private final EnumSet<ErrorCode> outcomes = EnumSet.noneOf(ErrorCode.class);

        Run(long seed, int ops) {
            this.seed = seed;
            this.ops = ops;
            this.random = new Random(seed);
            this.generator = new RequestGenerator(random, db.tree());
        }

        void run() throws Exception {
            check(TreeComparison.firstDifference(db.tree(), zk, db.now()), "fresh trees");
            for (int i = 0; i < 3; i++) {
                openSession();
            }
            for (step = 0; step < ops; step++) {
                db.advanceClock(random.nextInt(20) == 0 ? 1_000 + random.nextInt(2_000) : random.nextInt(30));
                if (random.nextInt(40) == 0) {
                    closeSession();
                } else {
                    request(generator.next(false));
                }
                check(TreeComparison.firstDifference(db.tree(), zk, db.now()), "trees after the request");
                advanceFuzzySnapshot();
            }
            if (ops >= 1_000 && fuzzySnapshotsChecked == 0) {
                throw new AssertionError("seed " + seed + ": no fuzzy snapshot completed in " + ops + " requests");
            }
            EnumSet<ErrorCode> expected = EnumSet.of(ErrorCode.OK, ErrorCode.NONODE,
                    ErrorCode.NODEEXISTS, ErrorCode.NOTEMPTY, ErrorCode.BADVERSION, ErrorCode.NOCHILDRENFOREPHEMERALS,
                    ErrorCode.BADARGUMENTS, ErrorCode.INVALIDACL, ErrorCode.RUNTIMEINCONSISTENCY);
            expected.removeAll(outcomes);
            if (ops >= 1_000 && !expected.isEmpty()) {
                throw new AssertionError("seed " + seed + ": the generator never produced " + expected + " in " + ops
                        + " requests; it no longer covers every prep error");
            }
        }

        private void openSession() {
            current = "openSession";
            long session = db.openSession(30_000);
            sessions.add(session);
            // TreeDatabase does not return a createSession's result: it is OK, with no path and no Stat.
            LoggedTxn logged = lastLogged();
            ProcessTxnResult theirs = ZkTxns.apply(zk, logged.header(), logged.txn());
            check(resultDifference("result", TxnResult.ok(logged.header().zxid(), null, null, List.of()), theirs,
                    logged.txn(), false, zk), "result");
        }

        private void closeSession() {
            long session = sessions.remove(random.nextInt(sessions.size()));
            current = "closeSession 0x" + Long.toHexString(session);
            List<String> expected = new ArrayList<>(new TreeSet<>(zk.getEphemerals(session)));
            TxnResult result = db.closeSession(session);
            Txn txn = lastLogged().txn();
            List<String> paths = txn instanceof Txn.CloseSession close ? new ArrayList<>(new TreeSet<>(close.paths())) : null;
            check(Objects.equals(paths, expected) ? null : "prep: closeSession paths ours=" + paths + " zk ephemerals=" + expected,
                    "prep");
            applyToZooKeeperAndCompare(result);
            openSession();
        }

        private void request(Op op) {
            long session = sessions.get(random.nextInt(sessions.size()));
            current = RequestGenerator.describe(op) + " by session 0x" + Long.toHexString(session);
            long zxid = db.tree().lastProcessedZxid() + 1;
            Object verdict = op instanceof Op.Multi multi
                    ? PrepOracle.multi(zk, multi.ops(), session, zxid, db.now())
                    : PrepOracle.single(zk, op, session);
            TxnResult result = db.submit(session, op);
            Txn txn = lastLogged().txn();
            if (verdict instanceof PrepOracle.Verdict single) {
                outcomes.add(single.code());
                check(prepDifference("", single, txn), "prep (oracle from ZooKeeper's tree)");
            } else {
                @SuppressWarnings("unchecked")
                List<PrepOracle.Verdict> verdicts = (List<PrepOracle.Verdict>) verdict;
                if (!(txn instanceof Txn.Multi multi) || multi.txns().size() != verdicts.size()) {
                    check("prep: multi txn " + txn + " for verdicts " + verdicts, "prep");
                    return;
                }
                for (int i = 0; i < verdicts.size(); i++) {
                    outcomes.add(verdicts.get(i).code());
                    check(prepDifference("op " + i + ": ", verdicts.get(i), multi.txns().get(i)),
                            "prep (oracle from ZooKeeper's tree)");
                }
            }
            applyToZooKeeperAndCompare(result);
        }

        private static String prepDifference(String where, PrepOracle.Verdict verdict, Txn txn) {
            ErrorCode ours = txn instanceof Txn.Error error ? error.code() : ErrorCode.OK;
            if (ours != verdict.code()) {
                return where + "prep error: ours=" + ours + " ZooKeeper's prep=" + verdict.code() + " (our txn " + txn + ")";
            }
            String created = createdPath(txn);
            if (created != null && !created.equals(verdict.path())) {
                return where + "created path: ours=" + created + " ZooKeeper's prep=" + verdict.path();
            }
            return null;
        }

        private static String createdPath(Txn txn) {
            if (txn instanceof Txn.Create t) return t.path();
            if (txn instanceof Txn.CreateContainer t) return t.path();
            if (txn instanceof Txn.CreateTtl t) return t.path();
            return null;
        }

        /** Applies our last logged txn to ZooKeeper's tree and compares the two results. */
        private void applyToZooKeeperAndCompare(TxnResult ours) {
            LoggedTxn logged = lastLogged();
            ProcessTxnResult theirs = ZkTxns.apply(zk, logged.header(), logged.txn());
            check(resultDifference("result", ours, theirs, logged.txn(), false, zk), "result");
        }

        private LoggedTxn lastLogged() {
            return db.log().get(db.log().size() - 1);
        }

        // ------------------------------------------------------------ fuzzy snapshot

        private void advanceFuzzySnapshot() throws IOException {
            if (snapshot == null) {
                if (random.nextInt(150) == 0) {
                    snapshotBytes = new ByteArrayOutputStream();
                    snapshot = new TreeSnapshot.Writer(db.tree(), new DataOutputStream(snapshotBytes));
                }
                return;
            }
            if (snapshot.step(1 + random.nextInt(3))) {
                checkFuzzySnapshot(snapshotBytes.toByteArray(), snapshot.startZxid());
                snapshot = null;
            }
        }

        /** Restore, replay the txns after the start zxid on ours and on a ZooKeeper copy; all four trees must agree. */
        private void checkFuzzySnapshot(byte[] bytes, long startZxid) throws IOException {
            String was = current;
            DataTree restored = TreeSnapshot.deserialize(bytes);
            org.apache.zookeeper.server.DataTree zkRestored;
            try {
                zkRestored = TreeComparison.mirror(restored);
            } catch (org.apache.zookeeper.KeeperException e) {
                throw new AssertionError(e);
            }
            check(TreeComparison.firstDifference(restored, zkRestored, db.now()), "fuzzy snapshot mirrored into ZooKeeper");
            TxnProcessor processor = new TxnProcessor(restored);
            for (LoggedTxn logged : db.log()) {
                if (logged.header().zxid() <= startZxid) {
                    continue;
                }
                current = "replay of zxid 0x" + Long.toHexString(logged.header().zxid()) + " (" + logged.txn()
                        + ") over the fuzzy snapshot started at 0x" + Long.toHexString(startZxid);
                TxnResult ours = processor.apply(logged);
                ProcessTxnResult theirs = ZkTxns.apply(zkRestored, logged.header(), logged.txn());
                check(resultDifference("replay result", ours, theirs, logged.txn(), false, zkRestored), "fuzzy replay");
                check(TreeComparison.firstDifference(restored, zkRestored, db.now()), "trees during the fuzzy replay");
            }
            current = "end of the replay over the fuzzy snapshot started at 0x" + Long.toHexString(startZxid);
            check(TreeComparison.firstDifference(restored, zk, db.now()), "our restored+replayed tree vs ZooKeeper's live tree");
            check(TreeComparison.firstDifference(db.tree(), zkRestored, db.now()), "our live tree vs ZooKeeper's restored+replayed tree");
            fuzzySnapshotsChecked++;
            current = was;
        }

        // ------------------------------------------------------------ comparing

        private void check(String difference, String what) {
            if (difference != null) {
                throw new AssertionError("ZooKeeper and minizk differ: seed=" + seed + " step=" + step + " (" + what + ")\n"
                        + "  request: " + current + "\n"
                        + "  difference: " + difference + "\n"
                        + "  replay: mvn -q -pl 01-znode-tree test -Dtest=DataTreeDifferentialTest -Dminizk.seed=" + seed
                        + " -Dminizk.ops=" + (step + 1));
            }
        }
    }

    /**
     * The first difference between our result and ZooKeeper's ProcessTxnResult, or null.
     * ZooKeeper returns no Stat for a plain create (OpCode.create); we compare ours with the node then.
     */
    static String resultDifference(String what, TxnResult ours, ProcessTxnResult theirs, Txn txn, boolean sub,
                                   org.apache.zookeeper.server.DataTree zk) {
        if (ours.zxid() != theirs.zxid) {
            return what + ".zxid: ours=" + ours.zxid() + " zk=" + theirs.zxid;
        }
        if (ours.err().value() != theirs.err) {
            return what + ".err: ours=" + ours.err() + " zk=" + codeName(theirs.err);
        }
        if (!Objects.equals(ours.path(), theirs.path)) {
            return what + ".path: ours=" + ours.path() + " zk=" + theirs.path;
        }
        dev.minizk.tree.Stat zkStat = TreeComparison.statOf(theirs.stat);
        if (zkStat != null || ours.stat() != null) {
            if (zkStat == null && txn instanceof Txn.Create && ours.isOk()) {
                if (!sub) {
                    String difference = TreeComparison.statDifference(what + ".stat (vs ZooKeeper's node)", ours.stat(),
                            TreeComparison.statOf(zk, ours.path()));
                    if (difference != null) {
                        return difference;
                    }
                }
            } else {
                String difference = TreeComparison.statDifference(what + ".stat", ours.stat(), zkStat);
                if (difference != null) {
                    return difference;
                }
            }
        }
        List<ProcessTxnResult> zkSubs = theirs.multiResult == null ? List.of() : theirs.multiResult;
        if (ours.subResults().size() != zkSubs.size()) {
            return what + ".subResults.size: ours=" + ours.subResults().size() + " zk=" + zkSubs.size();
        }
        for (int i = 0; i < zkSubs.size(); i++) {
            Txn subTxn = ((Txn.Multi) txn).txns().get(i);
            String difference = resultDifference(what + ".sub[" + i + "]", ours.subResults().get(i), zkSubs.get(i),
                    subTxn, true, zk);
            if (difference != null) {
                return difference;
            }
        }
        return null;
    }

    private static String codeName(int code) {
        try {
            return ErrorCode.of(code).name();
        } catch (IllegalArgumentException e) {
            return String.valueOf(code);
        }
    }
}
