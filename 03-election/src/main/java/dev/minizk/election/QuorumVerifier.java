package dev.minizk.election;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who belongs to the ensemble and which sets of servers are a quorum: ZooKeeper's
 * {@code QuorumMaj}. Voters have one vote each and a quorum is a strict majority of them;
 * observers are members (they learn the outcome) with no vote (weight 0).
 */
public final class QuorumVerifier {
    private final Set<Integer> voters;
    private final Set<Integer> observers;

    public QuorumVerifier(Collection<Integer> voters, Collection<Integer> observers) {
        this.voters = Set.copyOf(new TreeSet<>(voters));
        this.observers = Set.copyOf(new TreeSet<>(observers));
        if (this.voters.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one voter");
        }
        for (int id : this.observers) {
            if (this.voters.contains(id)) {
                throw new IllegalArgumentException("server " + id + " is both a voter and an observer");
            }
        }
        for (int id : members()) {
            if (id <= 0) {
                throw new IllegalArgumentException("server ids are positive, got " + id);
            }
        }
    }

    /** Voters {@code 1..n}, no observers. */
    public static QuorumVerifier majorityOf(int n) {
        Set<Integer> ids = new TreeSet<>();
        for (int id = 1; id <= n; id++) {
            ids.add(id);
        }
        return new QuorumVerifier(ids, Set.of());
    }

    /** The same voters, with these observers. */
    public QuorumVerifier withObservers(int... ids) {
        Set<Integer> more = new TreeSet<>(observers);
        for (int id : ids) {
            more.add(id);
        }
        return new QuorumVerifier(voters, more);
    }

    public boolean isVoter(int sid) {
        return voters.contains(sid);
    }

    public boolean isObserver(int sid) {
        return observers.contains(sid);
    }

    public boolean isMember(int sid) {
        return isVoter(sid) || isObserver(sid);
    }

    /** The voters, ascending. */
    public Set<Integer> voters() {
        return new TreeSet<>(voters);
    }

    public Set<Integer> observers() {
        return new TreeSet<>(observers);
    }

    public Set<Integer> members() {
        Set<Integer> all = new TreeSet<>(voters);
        all.addAll(observers);
        return all;
    }

    /**
     * Do these servers hold a quorum?
     *
     * <p>Hint (03.2): count each voter once, however often it appears; observers and ids that
     * are no member count for nothing. A quorum is strictly more than half of all voters (so
     * two quorums always share a voter: 2 of 3, 3 of 5, 3 of 4).
     */
    public boolean containsQuorum(Collection<Integer> ids) {
        // BEGIN SOLUTION 03.2
        Set<Integer> counted = new TreeSet<>();
        for (Integer id : ids) {
            if (id != null && voters.contains(id)) {
                counted.add(id);
            }
        }
        return counted.size() * 2 > voters.size();
        // END SOLUTION
    }

    @Override
    public String toString() {
        return "voters " + new TreeSet<>(voters) + (observers.isEmpty() ? "" : ", observers " + new TreeSet<>(observers));
    }
}
