package dev.minizk.recipes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The names of lock nodes, as Curator 5.9 writes them: a protected create names its node
 * {@code _c_<guid>-<name>} (for a lock, {@code _c_<guid>-lock-0000000007}: the server appends the
 * 10-digit sequence). Waiters are ordered by that sequence number alone, whatever prefix a
 * client chose, so a minizk lock and a Curator lock on one path form one queue.
 */
public final class LockNodes {
    /** Curator's prefix of a protected name ({@code CreateBuilderImpl.PROTECTED_PREFIX}). */
    public static final String PROTECTED_PREFIX = "_c_";
    /** The digits a sequential create appends. */
    public static final int SEQUENCE_DIGITS = 10;

    private LockNodes() {
    }

    /** {@code _c_<guid>-<name>}: the name a protected create asks for. */
    public static String protectedName(String guid, String name) {
        Objects.requireNonNull(guid, "guid must not be null");
        Objects.requireNonNull(name, "name must not be null");
        if (guid.isEmpty() || guid.contains("/")) {
            throw new IllegalArgumentException("guid must be a non-empty name without '/', was '" + guid + "'");
        }
        return PROTECTED_PREFIX + guid + "-" + name;
    }

    /** The sequence number a sequential create appended to a node name. */
    public static long sequenceOf(String nodeName) {
        // BEGIN SOLUTION 06.1
        if (nodeName.length() < SEQUENCE_DIGITS) {
            throw new IllegalArgumentException("not a sequential node name: '" + nodeName + "'");
        }
        String digits = nodeName.substring(nodeName.length() - SEQUENCE_DIGITS);
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                throw new IllegalArgumentException("not a sequential node name: '" + nodeName + "'");
            }
        }
        return Long.parseLong(digits);
        // END SOLUTION
    }

    /**
     * The children that are nodes of this recipe ({@code name} followed by a sequence number,
     * with or without a protected prefix), sorted by sequence number. Other children (a
     * semaphore's {@code locks} folder, a stray node) are left out.
     */
    public static List<String> sorted(List<String> children, String name) {
        // BEGIN SOLUTION 06.1
        List<String> ours = new ArrayList<>();
        for (String child : children) {
            int at = child.lastIndexOf(name);
            if (at >= 0 && child.length() == at + name.length() + SEQUENCE_DIGITS
                    && child.substring(at + name.length()).chars().allMatch(Character::isDigit)) {
                ours.add(child);
            }
        }
        ours.sort(Comparator.comparingLong(LockNodes::sequenceOf));
        return ours;
        // STUB: return new ArrayList<>(children);
        // END SOLUTION
    }

    /** The child whose name carries this GUID: the node a protected create made, if it did. */
    public static Optional<String> findByGuid(List<String> children, String guid) {
        // BEGIN SOLUTION 06.1
        String prefix = PROTECTED_PREFIX + guid + "-";
        return children.stream().filter(child -> child.startsWith(prefix)).findFirst();
        // END SOLUTION
    }

    /**
     * The node a waiter watches: the one just before it in sequence order, or empty when it is
     * first. Watching only the predecessor (not the parent's children) is what avoids the herd
     * effect: a release wakes one waiter, not all of them.
     *
     * @throws IllegalStateException if {@code own} is not among the nodes (it was deleted: the
     *                               session expired or someone removed it)
     */
    public static Optional<String> predecessor(List<String> sortedNodes, String own) {
        // BEGIN SOLUTION 06.1
        int index = sortedNodes.indexOf(own);
        if (index < 0) {
            throw new IllegalStateException("own node " + own + " is not among " + sortedNodes);
        }
        return index == 0 ? Optional.empty() : Optional.of(sortedNodes.get(index - 1));
        // END SOLUTION
    }

    /** GUIDs from a seeded random: deterministic names in the simulator, fresh ones with {@code new Random()}. */
    public static Supplier<String> guids(Random random) {
        Objects.requireNonNull(random, "random must not be null");
        return () -> new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
