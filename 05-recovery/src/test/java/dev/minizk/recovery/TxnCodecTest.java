package dev.minizk.recovery;

import dev.minizk.tree.Acl;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.Id;
import dev.minizk.tree.Perms;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;
import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TxnCodecTest {

    static final List<Acl> DIGEST = List.of(new Acl(Perms.READ | Perms.WRITE, new Id("digest", "bob:x")));

    /** One txn of every kind, a multi with sub-txns among them. */
    static List<Txn> everyKind() {
        byte[] data = "v".getBytes(StandardCharsets.UTF_8);
        return List.of(
                new Txn.Create("/a", data, Acl.OPEN_ACL_UNSAFE, false, 3),
                new Txn.Create("/e", null, DIGEST, true, 0),
                new Txn.CreateContainer("/c", new byte[0], Acl.OPEN_ACL_UNSAFE, 1),
                new Txn.CreateTtl("/t", data, Acl.READ_ACL_UNSAFE, 2, 60_000),
                new Txn.Delete("/a"),
                new Txn.SetData("/a", data, 7),
                new Txn.SetAcl("/a", DIGEST, 2),
                new Txn.Check("/a", 7),
                new Txn.CreateSession(30_000),
                new Txn.CloseSession(List.of("/e", "/f")),
                new Txn.Error(ErrorCode.NONODE),
                new Txn.Multi(List.of(new Txn.Create("/m", data, Acl.OPEN_ACL_UNSAFE, false, 0), new Txn.Delete("/m"))));
    }

    @Test
    void every_kind_of_txn_comes_back_as_it_was_written() throws IOException {
        long counter = 1;
        for (Txn txn : everyKind()) {
            LoggedTxn logged = new LoggedTxn(new TxnHeader(0x77L, 5, Zxid.of(2, counter++), 1234L), txn);
            LoggedTxn back = TxnCodec.decode(TxnCodec.encode(logged));
            assertThat(back.header()).isEqualTo(logged.header());
            assertThat(TxnCodec.encode(back)).as("re-encoded %s", txn).isEqualTo(TxnCodec.encode(logged));
        }
    }

    @Test
    void a_txn_cut_short_or_with_bytes_after_it_is_refused() {
        byte[] bytes = TxnCodec.encode(new LoggedTxn(new TxnHeader(1, 1, 1, 1), new Txn.SetData("/a", new byte[10], 1)));
        assertThatThrownBy(() -> TxnCodec.decode(Arrays.copyOf(bytes, bytes.length - 1))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> TxnCodec.decode(Arrays.copyOf(bytes, bytes.length + 1))).isInstanceOf(IOException.class);
    }
}
