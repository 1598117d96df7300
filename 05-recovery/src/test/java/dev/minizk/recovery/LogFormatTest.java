package dev.minizk.recovery;

import dev.minizk.txn.LoggedTxn;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The log record and its checksum: a whole record reads back, a torn or garbled one is where reading stops. */
class LogFormatTest {

    private static byte[] file(List<LoggedTxn> txns) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(LogFormat.header());
        txns.forEach(t -> bytes.writeBytes(LogFormat.record(t)));
        return bytes.toByteArray();
    }

    private static String name(List<LoggedTxn> txns) {
        return LogFormat.fileName(txns.get(0).header().zxid());
    }

    @Tag("05.1")
    @Test
    void a_log_file_reads_back_every_txn_in_order() {
        List<LoggedTxn> txns = Txns.creates(1, 20);
        LogFormat.Scan scan = LogFormat.scan(name(txns), file(txns));
        assertThat(scan.damaged()).isFalse();
        assertThat(Txns.zxids(scan.txns())).isEqualTo(Txns.zxids(txns));
        assertThat(LogFormat.firstZxidOf(name(txns))).isEqualTo(txns.get(0).header().zxid());
    }

    @Tag("05.1")
    @Test
    void a_file_cut_at_any_byte_yields_exactly_the_records_that_are_whole() {
        List<LoggedTxn> txns = Txns.creates(1, 3);
        byte[] whole = file(txns);
        int[] ends = new int[txns.size() + 1];
        ends[0] = LogFormat.HEADER_BYTES;
        for (int i = 0; i < txns.size(); i++) {
            ends[i + 1] = ends[i] + LogFormat.record(txns.get(i)).length;
        }
        for (int cut = 0; cut < whole.length; cut++) {
            LogFormat.Scan scan = LogFormat.scan(name(txns), Arrays.copyOf(whole, cut));
            int complete = 0;
            while (complete < txns.size() && ends[complete + 1] <= cut) {
                complete++;
            }
            assertThat(scan.txns()).as("cut at %d", cut).hasSize(complete);
            assertThat(scan.validLength()).as("cut at %d", cut).isEqualTo(cut < LogFormat.HEADER_BYTES ? 0 : ends[complete]);
            assertThat(scan.damaged()).as("cut at %d", cut).isEqualTo(cut != ends[complete]);
        }
    }

    @Tag("05.1")
    @Test
    void a_garbled_byte_stops_reading_at_its_record_and_nothing_after_it_is_trusted() {
        List<LoggedTxn> txns = Txns.creates(1, 5);
        byte[] bytes = file(txns);
        int third = LogFormat.HEADER_BYTES + LogFormat.record(txns.get(0)).length + LogFormat.record(txns.get(1)).length;
        bytes[third + 20] ^= 0x10; // inside the third record's payload
        LogFormat.Scan scan = LogFormat.scan(name(txns), bytes);
        assertThat(scan.damage()).contains("checksum");
        assertThat(Txns.zxids(scan.txns())).isEqualTo(Txns.zxids(txns.subList(0, 2)));
        assertThat(scan.validLength()).isEqualTo(third);
    }

    @Tag("05.1")
    @Test
    void a_record_out_of_zxid_order_or_not_matching_the_file_name_is_damage() {
        List<LoggedTxn> txns = List.of(Txns.create(1, 1), Txns.create(1, 3), Txns.create(1, 2));
        LogFormat.Scan scan = LogFormat.scan(name(txns), file(txns));
        assertThat(scan.txns()).hasSize(2);
        assertThat(scan.damage()).contains("out of order");
        assertThat(LogFormat.scan(LogFormat.fileName(7), file(txns)).txns()).isEmpty();
    }

    @Tag("05.1")
    @Test
    void a_file_that_is_not_a_log_holds_nothing() {
        assertThat(LogFormat.scan(LogFormat.fileName(1), new byte[40]).damage()).contains("magic");
    }
}
