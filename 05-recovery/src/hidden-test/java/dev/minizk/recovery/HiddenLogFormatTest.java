package dev.minizk.recovery;

import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;
import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Instructor-only checks for task 05.1: damage a crash or a disk really leaves, caught inside a record. */
class HiddenLogFormatTest {
    private static final int PAGE = 512;

    private static byte[] file(List<LoggedTxn> txns) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(LogFormat.header());
        txns.forEach(t -> bytes.writeBytes(LogFormat.record(t)));
        return bytes.toByteArray();
    }

    /** Three txns; the second carries 3 KB of data, so its record spans several pages. */
    private static List<LoggedTxn> withABigRecord() {
        byte[] big = new byte[3 * 1024];
        Arrays.fill(big, (byte) 'x');
        LoggedTxn second = new LoggedTxn(new TxnHeader(Txns.SESSION, 2, Zxid.of(1, 2), 1002),
                new Txn.SetData("/n1", big, 1));
        return List.of(Txns.create(1, 1), second, Txns.create(1, 3));
    }

    @Tag("05.1")
    @Test
    void a_record_torn_across_a_page_boundary_is_damage_even_with_its_length_and_end_mark_in_place() {
        List<LoggedTxn> txns = withABigRecord();
        byte[] bytes = file(txns);
        int second = LogFormat.HEADER_BYTES + LogFormat.record(txns.get(0)).length;
        int end = second + LogFormat.record(txns.get(1)).length;
        // The disk wrote the record's first page and not the next one: zeros there (a preallocated
        // file), the end mark and the record after it present, the file as long as it should be.
        int firstPageEnd = (second / PAGE + 1) * PAGE;
        Arrays.fill(bytes, firstPageEnd, firstPageEnd + PAGE, (byte) 0);
        assertThat(bytes[end - 1]).isEqualTo(LogFormat.END_OF_RECORD);

        LogFormat.Scan scan = LogFormat.scan(LogFormat.fileName(Zxid.of(1, 1)), bytes);
        assertThat(scan.damage()).contains("checksum");
        assertThat(Txns.zxids(scan.txns())).containsExactly(Zxid.of(1, 1));
        assertThat(scan.validLength()).isEqualTo(second);
    }

    @Tag("05.1")
    @Test
    void every_single_bit_flip_in_a_record_is_caught_there_and_nothing_after_it_is_read() {
        List<LoggedTxn> txns = List.of(Txns.create(1, 1), Txns.create(1, 2), Txns.create(1, 3));
        byte[] whole = file(txns);
        int second = LogFormat.HEADER_BYTES + LogFormat.record(txns.get(0)).length;
        int end = second + LogFormat.record(txns.get(1)).length;
        for (int at = second; at < end; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bytes = whole.clone();
                bytes[at] ^= (byte) (1 << bit);
                LogFormat.Scan scan = LogFormat.scan(LogFormat.fileName(Zxid.of(1, 1)), bytes);
                assertThat(Txns.zxids(scan.txns())).as("bit %d of byte %d flipped", bit, at).containsExactly(Zxid.of(1, 1));
                assertThat(scan.validLength()).as("bit %d of byte %d flipped", bit, at).isEqualTo(second);
                assertThat(scan.damaged()).isTrue();
            }
        }
    }

    @Tag("05.1")
    @Test
    void a_whole_record_that_repeats_the_zxid_before_it_is_damage() {
        // A valid record in the wrong place (a txn written twice): the log must grow, so reading stops there.
        List<LoggedTxn> txns = List.of(Txns.create(1, 1), Txns.create(1, 2), Txns.create(1, 2));
        LogFormat.Scan scan = LogFormat.scan(LogFormat.fileName(Zxid.of(1, 1)), file(txns));
        assertThat(Txns.zxids(scan.txns())).containsExactly(Zxid.of(1, 1), Zxid.of(1, 2));
        assertThat(scan.damage()).contains("out of order");
    }
}
