package dev.minizk.notebooks.demo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FormatTest {

    @Test
    void sessionIdsAndZxidsPrintAsZooKeeperPrintsThem() {
        assertThat(Format.session(0x100000000000001L)).isEqualTo("0x100000000000001");
        assertThat(Format.zxid(5)).isEqualTo("0x5");
    }

    @Test
    void repeatsAreCountedAndOnceOnlyLinesStayInPlace() {
        List<String> lines = List.of(
                "        0       LINK    c1 cut off",
                "    20000       LINK    c1/3 refused (cut off)",
                "    20000  n1   TIMER   SESSION_EXPIRY",
                "    21000       LINK    c1/4 refused (cut off)",
                "    22000  n1   TIMER   SESSION_EXPIRY",
                "    22000       LINK    c1/5 refused (cut off)",
                "    32000       LINK    server → c2/2  notify NODE_DELETED /a (zxid 5)",
                "    33000       LINK    c1/16 refused (cut off)");

        assertThat(Format.countRepeats(lines)).containsExactly(
                "        0       LINK    c1 cut off",
                "20000–22000  LINK    c1/… refused (cut off)  (3×)",
                "20000–22000  n1   TIMER   SESSION_EXPIRY  (2×)",
                "    32000       LINK    server → c2/2  notify NODE_DELETED /a (zxid 5)",
                "    33000       LINK    c1/16 refused (cut off)");
    }

    @Test
    void aBlockThatRepeatsBackToBackIsPrintedOnceWithItsCount() {
        List<String> lines = List.of("0 x", "1 a", "2 b", "3 c", "4 d", "5 a", "6 b", "7 c", "8 d", "9 a", "10 y");
        assertThat(Format.countRepeats(lines)).containsExactly("0 x", "      1–5  a  (2×)", "      2–6  b  (2×)",
                "      3–7  c  (2×)", "      4–8  d  (2×)", "9 a", "10 y");
    }

    @Test
    void manyKindsInNoRepeatingOrderAreNotFolded() {
        List<String> lines = List.of("1 a", "2 b", "3 c", "4 d", "5 b", "6 a", "7 d", "8 c");
        assertThat(Format.countRepeats(lines)).isEqualTo(lines);
    }
}
