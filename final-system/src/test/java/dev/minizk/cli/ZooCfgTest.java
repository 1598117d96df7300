package dev.minizk.cli;

import dev.minizk.ensemble.Member;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class ZooCfgTest {

    @Test
    void reads_the_keys_a_standalone_server_uses() throws Exception {
        ZooCfg cfg = ZooCfg.parse("zoo.cfg", List.of(
                "# a comment", "", "tickTime=100", "clientPort = 2999", "dataDir=/var/zk", "minSessionTimeout=300",
                "maxSessionTimeout=-1", "extendedTypesEnabled=true", "superDigest=super:abc=",
                "4lw.commands.whitelist=ruok, srvr"));
        assertThat(cfg.tickTime()).isEqualTo(100);
        assertThat(cfg.clientPort()).isEqualTo(2999);
        assertThat(cfg.dataDir()).isEqualTo("/var/zk");
        assertThat(cfg.minSessionTimeout()).isEqualTo(300);
        assertThat(cfg.maxSessionTimeout()).isNull(); // -1: the default
        assertThat(cfg.extendedTypesEnabled()).isTrue();
        assertThat(cfg.superDigest()).isEqualTo("super:abc=");
        assertThat(cfg.fourLetterWhitelist()).containsExactly("ruok", "srvr");
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void warns_about_unknown_and_unused_keys() throws Exception {
        ZooCfg cfg = ZooCfg.parse("zoo.cfg", List.of("snapCount=10", "dataLogDir=/x", "tickTme=100",
                "tickTime=1", "tickTime=2"));
        assertThat(cfg.warnings()).containsExactly(
                "zoo.cfg line 1: snapCount is accepted but not used by a minizk server",
                "zoo.cfg line 2: dataLogDir is accepted but not used by a minizk server",
                "zoo.cfg line 3: unknown key 'tickTme' ignored",
                "zoo.cfg line 5: tickTime is set again; the last value wins");
        assertThat(cfg.tickTime()).isEqualTo(2);
    }

    @Test
    void server_lines_make_an_ensemble() throws Exception {
        ZooCfg cfg = ZooCfg.parse("zoo.cfg", List.of("initLimit=5", "syncLimit=2", "server.1=127.0.0.1:2888:3888",
                "server.2=127.0.0.2:2888:3888;2181", "server.3=host3:2889:3889:observer;127.0.0.3:2182"));
        assertThat(cfg.warnings()).isEmpty();
        assertThat(cfg.initLimit()).isEqualTo(5);
        assertThat(cfg.syncLimit()).isEqualTo(2);
        assertThat(cfg.servers()).containsOnlyKeys(1, 2, 3);
        assertThat(cfg.servers().get(1)).isEqualTo(new Member(1, "127.0.0.1", 2888, 3888, false, null, 0));
        assertThat(cfg.servers().get(2).clientPort()).isEqualTo(2181);
        assertThat(cfg.servers().get(3)).isEqualTo(new Member(3, "host3", 2889, 3889, true, "127.0.0.3", 2182));
        assertThat(cfg.servers().get(3).toConfigValue()).isEqualTo("host3:2889:3889:observer;127.0.0.3:2182");
    }

    @Test
    void bad_server_lines_name_the_line_and_what_is_wrong() {
        assertError("server.x=a:1:2", "zoo.cfg line 1: server.x: the server id after 'server.' must be a number");
        assertError("server.1=a:1", "zoo.cfg line 1: server.1: 'a:1' is not host:quorumPort:electionPort[:observer][;clientPort]");
        assertError("server.1=a:p:2", "zoo.cfg line 1: server.1: quorum port 'p' is not a number");
        assertError("server.1=a:1:70000", "zoo.cfg line 1: server.1: election port 70000 is outside 1..65535");
        assertError("server.1=a:1:2:boss", "zoo.cfg line 1: server.1: role 'boss' is neither participant nor observer");
        assertError("server.0=a:1:2", "zoo.cfg line 1: server.0: server ids are positive, got 0");
        assertError("syncLimit=0", "zoo.cfg line 1: syncLimit must be a positive number of ticks, got 0");
    }

    @Test
    void bad_values_name_the_line_and_key() {
        assertError("tickTime=abc", "zoo.cfg line 1: tickTime must be a positive number of milliseconds, got 'abc'");
        assertError("tickTime=0", "zoo.cfg line 1: tickTime must be a positive number of milliseconds, got 0");
        assertError("clientPort=70000", "zoo.cfg line 1: clientPort must be a port number 0..65535, got 70000");
        assertError("extendedTypesEnabled=yes", "zoo.cfg line 1: extendedTypesEnabled must be true or false, got 'yes'");
        assertError("just some words", "zoo.cfg line 1: expected key=value, got 'just some words'");
        assertError("superDigest=nocolon", "zoo.cfg line 1: superDigest must look like user:base64(sha1(user:password)), got 'nocolon'");
    }

    private static void assertError(String line, String message) {
        assertThatThrownBy(() -> ZooCfg.parse("zoo.cfg", List.of(line))).isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}
