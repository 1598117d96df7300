package dev.minizk.election;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/** Task 03.1: {@link Vote#beats} is a strict total order, so every server ranks candidates alike. */
class VoteOrderPropertyTest {

    @Provide
    Arbitrary<Vote> votes() {
        // small ranges, so that ties on epoch and zxid are common
        return Combinators.combine(
                Arbitraries.integers().between(1, 4),
                Arbitraries.longs().between(0, 3).map(c -> c == 3 ? Long.MIN_VALUE : c),
                Arbitraries.longs().between(0, 2)).as((id, zxid, epoch) -> new Vote(id, zxid, epoch))
                .injectDuplicates(0.1);
    }

    @Property(tries = 500, seed = "20261125")
    @Tag("03.1")
    void beats_is_irreflexive_asymmetric_transitive_and_total(@ForAll("votes") Vote a, @ForAll("votes") Vote b, @ForAll("votes") Vote c) {
        assertThat(a.beats(a)).as("irreflexive").isFalse();
        if (a.beats(b)) {
            assertThat(b.beats(a)).as("asymmetric: %s vs %s", a, b).isFalse();
        }
        if (a.beats(b) && b.beats(c)) {
            assertThat(a.beats(c)).as("transitive: %s > %s > %s", a, b, c).isTrue();
        }
        if (!a.equals(b)) {
            assertThat(a.beats(b) || b.beats(a)).as("total: %s vs %s", a, b).isTrue();
        }
    }
}
