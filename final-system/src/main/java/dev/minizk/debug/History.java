package dev.minizk.debug;

import dev.minizk.sim.Timeline;
import dev.minizk.sim.search.Choice;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The tree of states a person explored: the initial state at its root, one child per choice
 * taken from a state. Going back and taking another choice adds a branch; taking a choice
 * taken before from the same state goes to the child that exists. Each state keeps what its
 * step did (for the sequence diagram), never the world itself: a state's world is built again
 * by replaying the choices on its path, as the search forks worlds.
 */
final class History {
    /** Enough for a long afternoon of clicking; past it a person starts a new session (load again). */
    static final int MAX_STATES = 20_000;
    static final int ROOT = 0;

    /**
     * A message put on its way by a step: its event's sequence number, ends and text.
     */
    record Sent(long seq, int from, int to, String message) {
    }

    /**
     * What one step did.
     *
     * @param choice   the choice taken (null at the root)
     * @param events   what the timeline recorded during the step
     * @param sent     the messages that became pending during the step (at the root: those pending initially)
     * @param vanished the pending deliveries that the step took away without delivering them (a crash, a broken connection)
     */
    record Step(Choice choice, List<Timeline.Event> events, List<Sent> sent, Set<Long> vanished) {
        Step {
            events = List.copyOf(events);
            sent = List.copyOf(sent);
            vanished = Set.copyOf(vanished);
        }
    }

    /** One state: where it hangs in the tree and the step that led there. */
    record State(int id, int parent, int depth, Step step, List<Integer> children) {
    }

    private final List<State> states = new ArrayList<>();

    History(Step root) {
        states.add(new State(ROOT, -1, 0, root, new ArrayList<>()));
    }

    State state(int id) {
        if (id < 0 || id >= states.size()) {
            throw new IllegalArgumentException("no state " + id + " in the history (states are 0 to " + (states.size() - 1) + ")");
        }
        return states.get(id);
    }

    int size() {
        return states.size();
    }

    /** The child of {@code parent} reached by {@code choice} (same action on the same event or server), or -1. */
    int child(int parent, Choice choice) {
        for (int id : state(parent).children()) {
            Choice taken = states.get(id).step().choice();
            if (taken.action() == choice.action() && taken.seq() == choice.seq()) {
                return id;
            }
        }
        return -1;
    }

    /** Adds the state {@code step} leads to from {@code parent}; returns its id. */
    int add(int parent, Step step) {
        if (states.size() >= MAX_STATES) {
            throw new IllegalStateException("the history holds " + MAX_STATES + " states, its limit: load the scenario again to start afresh");
        }
        State from = state(parent);
        State added = new State(states.size(), parent, from.depth() + 1, step, new ArrayList<>());
        states.add(added);
        from.children().add(added.id());
        return added.id();
    }

    /** The states from the root's first child to {@code id}, in order. */
    List<State> path(int id) {
        List<State> path = new ArrayList<>();
        for (State s = state(id); s.id() != ROOT; s = states.get(s.parent())) {
            path.add(s);
        }
        Collections.reverse(path);
        return path;
    }

    List<Choice> choices(int id) {
        return path(id).stream().map(s -> s.step().choice()).toList();
    }

    List<State> all() {
        return Collections.unmodifiableList(states);
    }
}
