package dev.minizk.debug;

import java.util.List;

/**
 * Everything the page shows, as one JSON value: {@code GET /api/state} and every action answer it.
 *
 * @param scenario  the scenario's name (a trace's {@code # scenario:} line)
 * @param note      the loaded trace's note, or empty
 * @param state     the id of the state shown, in {@link #tree}
 * @param timeMillis the world's virtual time
 * @param nodes     each server's state, by id
 * @param pending   every pending event, in the queue's order, with what may be done with it now
 * @param faults    the faults that may be injected now
 * @param path      the steps from the initial state to this one
 * @param diagram   the sequence diagram of the path
 * @param tree      every explored state
 */
public record DebugView(String scenario, String note, int state, long timeMillis, List<NodeState> nodes,
                        List<PendingEvent> pending, List<Action> faults, List<StepView> path, Diagram diagram,
                        List<TreeNode> tree) {

    /**
     * A pending event.
     *
     * @param seq     its sequence number (what a trace line names)
     * @param node    the server it happens at (0: the world)
     * @param kind    message, timer, start, act, disk, link
     * @param what    in words
     * @param dueMillis when it is due (a timer's due time orders it; a message may come any time)
     * @param actions what may be done with it now (run, drop, duplicate); empty while it must wait
     *                (not the oldest on its FIFO channel, a timer due before it, its server not started)
     */
    public record PendingEvent(long seq, int node, String kind, String what, long dueMillis, List<String> actions) {
    }

    /** A fault a button injects: crash, restart, isolate (on a server) or heal (0). */
    public record Action(String action, int node, String label) {
    }

    /** One step of the path: its number (1 first), the trace line, and the state it leads to. */
    public record StepView(int step, int state, String line) {
    }

    /**
     * The sequence diagram: one lifeline per server, one row per step (row 0: before the first).
     *
     * @param lanes    the servers, left to right
     * @param rows     steps on the path (the last row's number)
     * @param messages every message sent on the path or pending at its start
     * @param marks    what happened at one server in a step (a timer, a start, a crash, a note)
     */
    public record Diagram(List<Integer> lanes, int rows, List<Message> messages, List<Mark> marks) {
    }

    /**
     * A message: from its sending step to its delivering step.
     *
     * @param fate delivered, lost (deliveredStep is the step that lost it) or in flight (deliveredStep -1)
     */
    public record Message(int from, int to, int sentStep, int deliveredStep, String label, String fate) {
    }

    /** Something that happened at {@code node} (0: the world) in step {@code step}. */
    public record Mark(int node, int step, String kind, String label) {
    }

    /** One explored state: its parent (-1 at the root), depth and the choice that led to it. */
    public record TreeNode(int id, int parent, int depth, String label, List<Integer> children) {
    }
}
