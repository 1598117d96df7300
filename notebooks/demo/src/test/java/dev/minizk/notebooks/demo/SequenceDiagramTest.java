package dev.minizk.notebooks.demo;

import dev.minizk.client.ZkClient;
import dev.minizk.election.QuorumVerifier;
import dev.minizk.inprocess.InProcessNetwork;
import dev.minizk.tree.Acl;
import dev.minizk.server.ServerConfig;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Timeline;
import dev.minizk.tree.CreateMode;
import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SequenceDiagramTest {

    private static Election threeServers() {
        Election e = new Election(1, SimConfig.reliable(), QuorumVerifier.majorityOf(3));
        e.server(1, Zxid.of(1, 5)).server(2, Zxid.of(1, 9)).server(3, Zxid.of(1, 7));
        assertThat(e.sim.runUntil(e::settled, 2_000)).isTrue();
        return e;
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new org.xml.sax.InputSource(new StringReader(svg)));
    }

    @Test
    void anElectionIsDrawnAsOneArrowPerDeliveredVoteAndANotePerDecision() throws Exception {
        Election e = threeServers();
        String source = SequenceDiagram.of(e.sim.timeline().events()).title("one election").source();

        long delivered = e.sim.timeline().events().stream().filter(ev -> ev.kind() == Timeline.Kind.DELIVER).count();
        assertThat(source.lines().filter(l -> l.matches("P_n\\d -> P_n\\d : .*"))).hasSize((int) delivered);
        assertThat(source).contains("participant \"server 1\" as P_n1", "participant \"server 3\" as P_n3")
                .contains("note over P_n2 #E3F2FD : t=").contains("LEADING (2, 0x1_00000009, e1) in round 1");
        assertThat(source.indexOf("as P_n1")).isLessThan(source.indexOf("as P_n2"));

        String svg = SequenceDiagram.svg(e.sim.timeline());
        Document doc = parse(svg);
        assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("svg");
        assertThat(svg).contains("server 2").contains("LEADING");
    }

    @Test
    void aPartitionIsADividerAndLostMessagesAreCrossedAndCounted() {
        Election e = threeServers();
        e.sim.partition(java.util.Set.of(1, 2), java.util.Set.of(3));
        e.lookAgain("lost the leader", 3);
        e.sim.runFor(5_000);

        String source = SequenceDiagram.of(e.sim.timeline().events()).source();

        assertThat(source).contains("== t=").contains("partition(1,2 | 3) ==");
        assertThat(source).containsPattern("P_n3 ->x P_n\\d : t=\\d+–\\d+ \\(\\d+×\\) LOOKING r2 .*\\(partitioned\\)");
        SequenceDiagram.render(source); // PlantUML reads it
    }

    @Test
    void clientLinksAreDrawnBetweenNamedClientsAndTheServer() throws Exception {
        InProcessNetwork network = new InProcessNetwork(ServerConfig.defaults());
        ZkClient alice = network.connect(30_000, null);
        ZkClient bob = network.connect(4_000, null);
        alice.create("/a", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        bob.exists("/a", event -> { });
        int before = network.simulator().timeline().events().size();
        network.partition(alice);
        network.advance(34_000);
        List<Timeline.Event> expiry = network.simulator().timeline().events().subList(before,
                network.simulator().timeline().events().size());

        String source = SequenceDiagram.of(expiry).name("c1", "alice").name("c2", "bob").name("n1", "server")
                .skip(ev -> ev.toString().contains("#-2")).source();

        assertThat(source).contains("actor \"alice\" as P_c1", "actor \"bob\" as P_c2", "participant \"server\" as P_n1");
        assertThat(source.indexOf("as P_c1")).isLessThan(source.indexOf("as P_n1"));
        assertThat(source).contains("== t=0: alice cut off ==")
                .containsPattern("note over P_c1 #FFEBEE : t=20000–\\d+ \\(1\\d×\\) connection refused \\(cut off\\)")
                .contains("P_n1 --> P_c2 : t=32000 notify NODE_DELETED /a");
        assertThat(source).doesNotContain("Ping");
        parse(SequenceDiagram.render(source));
    }

    @Test
    void longRunsAreCutWithACountOfWhatIsLeftOut() {
        Election e = threeServers();
        String source = SequenceDiagram.of(e.sim.timeline().events()).maxRows(3).source();
        assertThat(source.lines().filter(l -> l.startsWith("P_n") || l.startsWith("note"))).hasSize(3);
        assertThat(source).containsPattern("\\.\\.\\. \\d+ more rows not drawn \\(t=\\d+ and later\\) \\.\\.\\.");
        SequenceDiagram.render(source);
    }

    @Test
    void textCannotBreakTheDiagram() {
        assertThat(Row.plain("a <b>bold</b> **x** -- y\nz")).doesNotContain("<", "**", "--", "\n");
        assertThatThrownBy(() -> SequenceDiagram.render("@startuml\nA -> B : x\nfoo bar baz (((\n@enduml\n"))
                .hasMessageContaining("PlantUML cannot read this diagram");
        assertThatThrownBy(() -> SequenceDiagram.of(List.of()).maxRows(0)).hasMessageContaining("rows must be at least 1");
    }
}
