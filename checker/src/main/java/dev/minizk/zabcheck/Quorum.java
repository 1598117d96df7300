package dev.minizk.zabcheck;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which sets of servers are a quorum. A stage passes its own quorum verifier as a lambda
 * ({@code verifier::containsQuorum}) or names the voters with {@link #majorityOf}.
 */
@FunctionalInterface
public interface Quorum {

    boolean containsQuorum(Set<Integer> servers);

    /** A strict majority of these voters; anyone else (an observer) does not count. */
    static Quorum majorityOf(Set<Integer> voters) {
        Set<Integer> copy = Set.copyOf(new TreeSet<>(voters));
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a quorum needs at least one voter");
        }
        return servers -> servers.stream().filter(copy::contains).count() * 2 > copy.size();
    }

    /** Voters {@code 1..n}. */
    static Quorum majorityOf(int n) {
        Set<Integer> voters = new TreeSet<>();
        for (int id = 1; id <= n; id++) {
            voters.add(id);
        }
        return majorityOf(voters);
    }
}
