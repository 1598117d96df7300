package dev.minizk.sim.search;

import dev.minizk.sim.EventQueue;
import dev.minizk.sim.SimEvent;
import dev.minizk.sim.Simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A path through a world: the choices made from its initial state, in order. Replaying a trace
 * on a freshly built world of the same scenario reaches the same state every time, so a trace
 * is how a search hands a violation to a person (a file, replayed by one command, opened in
 * the debugger) and how the search itself forks a world: build it again and replay the prefix.
 *
 * @param scenario the name of the scenario whose initial world the trace starts from
 * @param note     what the trace shows (a violated invariant, a goal reached), one line
 * @param choices  the steps, first to last
 */
public record Trace(String scenario, String note, List<Choice> choices) {

    private static final String HEADER = "# minizk trace";

    public Trace {
        choices = List.copyOf(choices);
        if (scenario.contains("\n") || note.contains("\n")) {
            throw new IllegalArgumentException("scenario and note are one line each");
        }
    }

    public int length() {
        return choices.size();
    }

    /** Applies every choice to {@code sim}, which must be the scenario's world in its initial state. */
    public <M> void replay(Simulator<M> sim) {
        for (Choice choice : choices) {
            apply(sim, choice);
        }
    }

    /** Applies one choice; fails with the pending events when the world has no such event (a trace of another world). */
    public static <M> void apply(Simulator<M> sim, Choice choice) {
        if (choice.action().isFault()) {
            applyFault(sim, choice);
            return;
        }
        EventQueue.Entry<SimEvent> entry = find(sim, choice.seq());
        switch (choice.action()) {
            case RUN -> sim.runOutOfTurn(entry);
            case DROP -> sim.dropInFlight(entry);
            case DUPLICATE -> sim.duplicateInFlight(entry);
            default -> throw new IllegalStateException("not an event choice: " + choice);
        }
    }

    private static <M> void applyFault(Simulator<M> sim, Choice choice) {
        int node = (int) choice.seq();
        if (choice.action() != Choice.Action.HEAL && !sim.nodeIds().contains(node)) {
            throw new IllegalStateException("no server " + node + " in this world; servers: " + sim.nodeIds());
        }
        switch (choice.action()) {
            case CRASH -> sim.crash(node);
            case RESTART -> sim.restart(node);
            case ISOLATE -> sim.isolate(node);
            case HEAL -> sim.heal();
            default -> throw new IllegalStateException("not a fault: " + choice);
        }
    }

    private static EventQueue.Entry<SimEvent> find(Simulator<?> sim, long seq) {
        for (EventQueue.Entry<SimEvent> entry : sim.pendingEvents()) {
            if (entry.seq() == seq) {
                return entry;
            }
        }
        throw new IllegalStateException("no pending event #" + seq + " in this world (a trace of another scenario or version?); pending: "
                + sim.pendingEvents());
    }

    /** The trace as text: a header, the scenario, the note, then one choice per line. */
    public String text() {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        out.append("# scenario: ").append(scenario).append('\n');
        out.append("# note: ").append(note).append('\n');
        for (Choice choice : choices) {
            out.append(choice.line()).append('\n');
        }
        return out.toString();
    }

    public static Trace parse(String text) {
        String scenario = null;
        String note = "";
        List<Choice> choices = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("# scenario:")) {
                scenario = trimmed.substring("# scenario:".length()).trim();
            } else if (trimmed.startsWith("# note:")) {
                note = trimmed.substring("# note:".length()).trim();
            } else if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                choices.add(Choice.parse(trimmed));
            }
        }
        if (scenario == null) {
            throw new IllegalArgumentException("not a minizk trace: no '# scenario:' line");
        }
        return new Trace(scenario, note, choices);
    }

    public void save(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trace " + file, e);
        }
    }

    public static Trace load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + file, e);
        }
    }
}
