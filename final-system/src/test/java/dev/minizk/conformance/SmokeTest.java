package dev.minizk.conformance;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(20)
class SmokeTest {
    @Test
    void stock_client_creates_and_reads() throws Exception {
        try (TestServer server = TestServer.start()) {
            ZooKeeper zk = server.client();
            assertThat(zk.create("/a", "hi".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)).isEqualTo("/a");
            assertThat(new String(zk.getData("/a", false, null))).isEqualTo("hi");
            assertThat(zk.getChildren("/", false)).contains("a", "zookeeper");
        }
    }
}
