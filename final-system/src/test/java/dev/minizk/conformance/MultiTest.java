package dev.minizk.conformance;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** §8 item 10: multi success and atomic failure, multiRead partial errors. */
@Timeout(30)
class MultiTest {
    static TestServer server;
    static ZooKeeper zk;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        zk = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_successful_multi_answers_one_result_per_op_with_one_zxid() throws Exception {
        List<OpResult> results = zk.multi(List.of(
                Op.create("/mu", "a".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create("/mu/s-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL),
                Op.setData("/mu", "b".getBytes(), 0),
                Op.check("/mu", 1),
                Op.create("/mu/x", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.delete("/mu/x", 0)));
        assertThat(results).extracting(r -> r.getClass().getSimpleName()).containsExactly("CreateResult",
                "CreateResult", "SetDataResult", "CheckResult", "CreateResult", "DeleteResult");
        assertThat(((OpResult.CreateResult) results.get(1)).getPath()).isEqualTo("/mu/s-0000000000");
        Stat setData = ((OpResult.SetDataResult) results.get(2)).getStat();
        Stat node = zk.exists("/mu", false);
        assertThat(setData.getMzxid()).isEqualTo(node.getCzxid()); // create and setData: the same txn
        assertThat(new String(zk.getData("/mu", false, null))).isEqualTo("b");
        assertThat(zk.exists("/mu/x", false)).isNull();
    }

    @Test
    void a_failing_multi_applies_nothing_and_reports_ok_code_then_runtime_inconsistency() throws Exception {
        Stat marker = new Stat();
        zk.create("/mf-before", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, marker);
        KeeperException failure = catchThrowableOfType(KeeperException.class, () -> zk.multi(List.of(
                Op.create("/mf", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData("/mf", null, 5),
                Op.create("/mf2", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))));
        assertThat(failure.code()).isEqualTo(KeeperException.Code.BADVERSION);
        assertThat(failure.getResults()).extracting(r -> ((OpResult.ErrorResult) r).getErr())
                .containsExactly(0, -103, -2);
        assertThat(zk.exists("/mf", false)).isNull();
        assertThat(zk.exists("/mf2", false)).isNull();
        Stat after = new Stat();
        zk.create("/mf-after", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, after);
        assertThat(after.getCzxid()).isEqualTo(marker.getCzxid() + 2); // the failed multi took a zxid
    }

    @Test
    void multi_read_answers_each_read_on_its_own() throws Exception {
        zk.create("/mr", "d".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/mr/k", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        List<OpResult> results = zk.multi(List.of(Op.getData("/mr"), Op.getData("/mr-missing"), Op.getChildren("/mr")));
        assertThat(new String(((OpResult.GetDataResult) results.get(0)).getData())).isEqualTo("d");
        assertThat(((OpResult.ErrorResult) results.get(1)).getErr()).isEqualTo(-101);
        assertThat(((OpResult.GetChildrenResult) results.get(2)).getChildren()).containsExactly("k");
    }
}
