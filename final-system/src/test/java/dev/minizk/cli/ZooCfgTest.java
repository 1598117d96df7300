package dev.minizk.cli;

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
        ZooCfg cfg = ZooCfg.parse("zoo.cfg", List.of("initLimit=10", "server.1=a:2888:3888", "tickTme=100",
                "tickTime=1", "tickTime=2"));
        assertThat(cfg.warnings()).containsExactly(
                "zoo.cfg line 1: initLimit is accepted but not used by a standalone minizk server",
                "zoo.cfg line 2: server.1 is accepted but not used by a standalone minizk server",
                "zoo.cfg line 3: unknown key 'tickTme' ignored",
                "zoo.cfg line 5: tickTime is set again; the last value wins");
        assertThat(cfg.tickTime()).isEqualTo(2);
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
