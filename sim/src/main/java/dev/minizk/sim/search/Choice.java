package dev.minizk.sim.search;

import java.util.Locale;

/**
 * One step of a searched path: run a pending event, lose a message in flight, or deliver one
 * twice. The event is named by its sequence number in the simulator's queue, which is the same
 * on every replay of the same path (the world is deterministic), so a list of choices replays
 * exactly; {@code what} says in words what the event was, for people reading a trace.
 *
 * <p>A person in the debugger can also crash, restart or isolate a server, and heal the
 * network: those steps name the server instead of an event (0 for a heal). The search itself
 * never takes them.
 *
 * @param action what is done with the event
 * @param seq    the event's sequence number ({@link dev.minizk.sim.EventQueue.Entry#seq}), or the
 *               server a fault happens to
 * @param what   the event in words (not used to replay)
 */
public record Choice(Action action, long seq, String what) {

    /** What a choice does with its event. */
    public enum Action {
        /** The event happens now (a message arrives, a timer fires, a node starts). */
        RUN,
        /** The message in flight is lost. */
        DROP,
        /** The message in flight will arrive twice (the copy is a new pending event). */
        DUPLICATE,
        /** The server {@code seq} crashes (its memory is lost, its disk keeps what was synced). */
        CRASH,
        /** The crashed server {@code seq} starts again. */
        RESTART,
        /** The server {@code seq} is cut off from every other (messages to and from it are lost). */
        ISOLATE,
        /** Every partition ends. */
        HEAL;

        /** Does this step name a server rather than a pending event? */
        public boolean isFault() {
            return this == CRASH || this == RESTART || this == ISOLATE || this == HEAL;
        }
    }

    /** A fault a person chose in the debugger, on server {@code node} (0 for a heal). */
    public static Choice fault(Action action, int node) {
        if (!action.isFault()) {
            throw new IllegalArgumentException(action + " is not a fault");
        }
        return new Choice(action, node, switch (action) {
            case CRASH -> "n" + node + " crashes";
            case RESTART -> "n" + node + " restarts";
            case ISOLATE -> "n" + node + " is cut off from the others";
            default -> "the network heals";
        });
    }

    /** The choice as one line of a trace file: {@code run 12  # n1 -> n2: ...}. */
    public String line() {
        return action.name().toLowerCase(Locale.ROOT) + " " + seq + "  # " + what;
    }

    /** Reads a line written by {@link #line}; the comment after {@code #} is kept as the description. */
    public static Choice parse(String line) {
        int hash = line.indexOf('#');
        String what = hash < 0 ? "" : line.substring(hash + 1).trim();
        String[] words = (hash < 0 ? line : line.substring(0, hash)).trim().split("\\s+");
        if (words.length != 2) {
            throw new IllegalArgumentException("a trace line is '<run|drop|duplicate|crash|restart|isolate|heal> <seq or server>  # what', got: " + line);
        }
        try {
            return new Choice(Action.valueOf(words[0].toUpperCase(Locale.ROOT)), Long.parseLong(words[1]), what);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a trace line is '<run|drop|duplicate|crash|restart|isolate|heal> <seq or server>  # what', got: " + line, e);
        }
    }

    @Override
    public String toString() {
        return line();
    }
}
