package dev.minizk.debug;

import dev.minizk.sim.EventQueue;
import dev.minizk.sim.SimEvent;
import dev.minizk.sim.Simulator;
import dev.minizk.sim.Timeline;
import dev.minizk.sim.search.Choice;
import dev.minizk.sim.search.EnabledChoices;
import dev.minizk.sim.search.Trace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One person's debugging session: a world, the tree of states explored in it, and the state
 * shown. Every action answers the whole {@link DebugView}. The world is only ever moved forward
 * by one choice ({@link Trace#apply}, as a replay does) or built again and replayed to a state
 * of the tree, the way the search forks worlds: nothing is copied, so it works for any node
 * code that is deterministic.
 *
 * <p>The page may be open in more than one tab: every method is synchronized.
 */
final class DebugSession {
    /** A person never needs more; a longer trace is most likely not a trace. */
    static final int MAX_TRACE_STEPS = 5_000;

    private DebugWorld world;
    private History history;
    private int current;
    private String note;

    DebugSession(String scenario) {
        load(scenario);
    }

    /** Starts afresh on the initial state of {@code scenario}. */
    synchronized DebugView load(String scenario) {
        DebugWorld fresh = DebugWorld.of(scenario);
        install(fresh, new History(rootStep(fresh.sim())), History.ROOT, "");
        return view();
    }

    /** Starts afresh on the world the trace names, its choices replayed one step each: the tree is the trace's path. */
    synchronized DebugView load(Trace trace) {
        if (trace.length() > MAX_TRACE_STEPS) {
            throw new IllegalArgumentException("the trace has " + trace.length() + " steps; the debugger opens at most " + MAX_TRACE_STEPS);
        }
        DebugWorld fresh = DebugWorld.of(trace.scenario());
        History tree = new History(rootStep(fresh.sim()));
        int at = History.ROOT;
        for (int i = 0; i < trace.length(); i++) {
            Choice choice = trace.choices().get(i);
            try {
                at = tree.add(at, apply(fresh.sim(), choice));
            } catch (RuntimeException | AssertionError e) {
                throw new IllegalArgumentException("step " + (i + 1) + " of the trace (" + choice.line() + ") does not replay on "
                        + trace.scenario() + ": " + shorten(e.getMessage()));
            }
        }
        install(fresh, tree, at, trace.note());
        return view();
    }

    /**
     * Takes a choice from the state shown: an enabled event ({@link EnabledChoices}, what the search
     * would explore) or a fault. A choice taken from this state before leads to the state it led
     * to then; a new one adds a branch.
     */
    synchronized DebugView choose(Choice.Action action, long seqOrServer) {
        Choice choice = action.isFault() ? fault(action, (int) seqOrServer) : enabled(action, seqOrServer);
        int existing = history.child(current, choice);
        if (existing < 0 && history.size() >= History.MAX_STATES) {
            throw new IllegalStateException("the history holds " + History.MAX_STATES
                    + " states, its limit: export the trace, or load a scenario to start afresh");
        }
        History.Step step;
        try {
            step = apply(world.sim(), choice);
        } catch (RuntimeException | AssertionError e) {
            world = replay(current); // the node that threw left its world half-changed: back to the state shown
            throw new IllegalStateException("a server threw on '" + choice.line() + "': " + shorten(String.valueOf(e))
                    + " (the world is back at state " + current + "; export the trace to replay it)");
        }
        current = existing >= 0 ? existing : history.add(current, step);
        return view();
    }

    /** Shows an earlier (or any other) explored state: its world is built again and its path replayed. */
    synchronized DebugView goTo(int state) {
        history.state(state); // a state that does not exist fails here, before anything changes
        world = replay(state);
        current = state;
        return view();
    }

    /** The path to the state shown, as a trace the search tests' replay command runs. */
    synchronized Trace trace() {
        String what = note.isEmpty() ? "a path explored in the debugger (./minizk debug)" : note;
        return new Trace(world.scenario(), what, history.choices(current));
    }

    synchronized DebugView view() {
        Simulator<?> sim = world.sim();
        int isolated = isolatedServer();
        List<NodeState> nodes = new ArrayList<>();
        for (int id : sim.nodeIds()) {
            nodes.add(nodeState(sim, id, id == isolated));
        }
        return new DebugView(world.scenario(), note, current, sim.now(), nodes, pending(sim), faults(sim, isolated),
                path(), Diagrams.of(sim.nodeIds(), history, current), tree());
    }

    // ------------------------------------------------------------------ the world

    private void install(DebugWorld fresh, History tree, int state, String traceNote) {
        this.world = fresh;
        this.history = tree;
        this.current = state;
        this.note = traceNote;
    }

    private DebugWorld replay(int state) {
        DebugWorld fresh = DebugWorld.of(world.scenario());
        for (Choice choice : history.choices(state)) {
            Trace.apply(fresh.sim(), choice);
        }
        return fresh;
    }

    /** Applies a choice and notes what it did: the timeline's new events, the messages it sent, those it lost. */
    private static History.Step apply(Simulator<?> sim, Choice choice) {
        Map<Long, History.Sent> before = inFlight(sim);
        long eventsBefore = sim.timeline().totalEvents();
        Trace.apply(sim, choice);
        List<Timeline.Event> kept = sim.timeline().events();
        int fresh = (int) Math.min(kept.size(), sim.timeline().totalEvents() - eventsBefore);
        List<Timeline.Event> events = kept.subList(kept.size() - fresh, kept.size());
        Map<Long, History.Sent> after = inFlight(sim);
        List<History.Sent> sent = after.values().stream().filter(s -> !before.containsKey(s.seq())).toList();
        Set<Long> vanished = new HashSet<>(before.keySet());
        vanished.removeAll(after.keySet());
        if (!choice.action().isFault()) {
            vanished.remove(choice.seq());
        }
        return new History.Step(choice, events, sent, vanished);
    }

    private static History.Step rootStep(Simulator<?> sim) {
        return new History.Step(null, List.of(), List.copyOf(inFlight(sim).values()), Set.of());
    }

    /** The pending deliveries, by sequence number. */
    private static Map<Long, History.Sent> inFlight(Simulator<?> sim) {
        Map<Long, History.Sent> messages = new LinkedHashMap<>();
        for (EventQueue.Entry<SimEvent> entry : sim.pendingEvents()) {
            if (entry.event() instanceof SimEvent.Delivery d) {
                messages.put(entry.seq(), new History.Sent(entry.seq(), d.from(), d.to(), String.valueOf(d.message())));
            }
        }
        return messages;
    }

    /** The enabled choice {@code action} on event {@code seq}, with its description for the trace. */
    private Choice enabled(Choice.Action action, long seq) {
        List<Choice> enabled = enabledChoices(world.sim());
        for (Choice choice : enabled) {
            if (choice.action() == action && choice.seq() == seq) {
                return choice;
            }
        }
        boolean pending = world.sim().pendingEvents().stream().anyMatch(e -> e.seq() == seq);
        throw new IllegalArgumentException(pending
                ? "event #" + seq + " cannot be " + verb(action) + " now (it waits for an older event on its channel, a timer due first, or its server's start)"
                : "no pending event #" + seq + " in state " + current);
    }

    private Choice fault(Choice.Action action, int server) {
        Simulator<?> sim = world.sim();
        if (action != Choice.Action.HEAL && !sim.nodeIds().contains(server)) {
            throw new IllegalArgumentException("no server " + server + "; servers: " + sim.nodeIds());
        }
        if (action == Choice.Action.CRASH && !sim.isUp(server)) {
            throw new IllegalArgumentException("server " + server + " is down already");
        }
        if (action == Choice.Action.RESTART && sim.isUp(server)) {
            throw new IllegalArgumentException("server " + server + " is up: crash it first");
        }
        return Choice.fault(action, action == Choice.Action.HEAL ? 0 : server);
    }

    /** What a person may do: what the search explores, with timers free to fire while messages are in flight. */
    private static List<Choice> enabledChoices(Simulator<?> sim) {
        return EnabledChoices.of(sim, Integer.MAX_VALUE, Integer.MAX_VALUE, false);
    }

    private static String verb(Choice.Action action) {
        return switch (action) {
            case RUN -> "run";
            case DROP -> "lost";
            case DUPLICATE -> "duplicated";
            default -> action.name().toLowerCase(Locale.ROOT);
        };
    }

    // ------------------------------------------------------------------ views

    private NodeState nodeState(Simulator<?> sim, int id, boolean isolated) {
        if (!sim.isUp(id)) {
            return NodeState.blank(id, false, sim.incarnation(id), isolated, "down");
        }
        boolean starting = sim.pendingEvents().stream().anyMatch(e -> e.event() instanceof SimEvent.Start s && s.node() == id);
        if (starting) {
            return NodeState.blank(id, true, sim.incarnation(id), isolated, sim.incarnation(id) > 1 ? "restarting" : "not started");
        }
        return world.state(id, isolated);
    }

    /**
     * The server cut off now, or 0: the path's last ISOLATE since its last HEAL (an isolation
     * replaces the partition before it). Read from the path, not the network: a crashed server is
     * unreachable too, but it is not cut off.
     */
    private int isolatedServer() {
        int isolated = 0;
        for (Choice choice : history.choices(current)) {
            if (choice.action() == Choice.Action.ISOLATE) {
                isolated = (int) choice.seq();
            } else if (choice.action() == Choice.Action.HEAL) {
                isolated = 0;
            }
        }
        return isolated;
    }

    private static List<DebugView.PendingEvent> pending(Simulator<?> sim) {
        Map<Long, List<String>> actions = new LinkedHashMap<>();
        for (Choice choice : enabledChoices(sim)) {
            actions.computeIfAbsent(choice.seq(), s -> new ArrayList<>()).add(choice.action().name().toLowerCase(Locale.ROOT));
        }
        List<DebugView.PendingEvent> pending = new ArrayList<>();
        for (EventQueue.Entry<SimEvent> entry : sim.pendingEvents()) {
            SimEvent event = entry.event();
            pending.add(new DebugView.PendingEvent(entry.seq(), nodeOf(event), kindOf(event), EnabledChoices.describe(entry, sim),
                    entry.time(), actions.getOrDefault(entry.seq(), List.of())));
        }
        return pending;
    }

    /** The server an event happens at (0: the world's own events, such as a scheduled fault). */
    private static int nodeOf(SimEvent event) {
        if (event instanceof SimEvent.Delivery d) {
            return d.to();
        } else if (event instanceof SimEvent.TimerFire t) {
            return t.node();
        } else if (event instanceof SimEvent.Start s) {
            return s.node();
        } else if (event instanceof SimEvent.Act a) {
            return a.node();
        } else if (event instanceof SimEvent.PeerLinkBroken b) {
            return b.node();
        } else if (event instanceof SimEvent.SyncDone s) {
            return s.node();
        }
        return 0;
    }

    private static String kindOf(SimEvent event) {
        if (event instanceof SimEvent.Delivery) {
            return "message";
        } else if (event instanceof SimEvent.TimerFire) {
            return "timer";
        } else if (event instanceof SimEvent.Start) {
            return "start";
        } else if (event instanceof SimEvent.Act) {
            return "act";
        } else if (event instanceof SimEvent.PeerLinkBroken) {
            return "link";
        } else if (event instanceof SimEvent.SyncDone) {
            return "disk";
        }
        return "other";
    }

    private static List<DebugView.Action> faults(Simulator<?> sim, int isolated) {
        List<DebugView.Action> faults = new ArrayList<>();
        for (int id : sim.nodeIds()) {
            if (sim.isUp(id)) {
                faults.add(new DebugView.Action("crash", id, "crash n" + id));
            } else {
                faults.add(new DebugView.Action("restart", id, "restart n" + id));
            }
            if (id != isolated) {
                faults.add(new DebugView.Action("isolate", id, "cut off n" + id));
            }
        }
        if (isolated != 0) {
            faults.add(new DebugView.Action("heal", 0, "heal the network"));
        }
        return faults;
    }

    private List<DebugView.StepView> path() {
        List<DebugView.StepView> steps = new ArrayList<>();
        int n = 1;
        for (History.State state : history.path(current)) {
            steps.add(new DebugView.StepView(n++, state.id(), state.step().choice().line()));
        }
        return steps;
    }

    private List<DebugView.TreeNode> tree() {
        List<DebugView.TreeNode> nodes = new ArrayList<>();
        for (History.State state : history.all()) {
            Choice choice = state.step().choice();
            nodes.add(new DebugView.TreeNode(state.id(), state.parent(), state.depth(), choice == null ? "initial state" : choice.line(),
                    List.copyOf(state.children())));
        }
        return nodes;
    }

    private static String shorten(String message) {
        String text = String.valueOf(message);
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
