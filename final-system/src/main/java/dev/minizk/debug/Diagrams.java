package dev.minizk.debug;

import dev.minizk.sim.Timeline;
import dev.minizk.sim.search.Choice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The sequence diagram of a path: every message from the step that sent it to the step that
 * delivered or lost it (those pending at the start were sent in row 0), and what happened at
 * a server in each step. Messages are told apart by their events' sequence numbers, so two
 * equal messages on one link are two arrows.
 */
final class Diagrams {
    /** What a server's lifeline shows besides messages. */
    private static final Set<Timeline.Kind> MARKED = Set.of(Timeline.Kind.START, Timeline.Kind.TIMER, Timeline.Kind.CRASH,
            Timeline.Kind.RESTART, Timeline.Kind.ACT, Timeline.Kind.TRACE, Timeline.Kind.SYNCED, Timeline.Kind.FAULT);

    private Diagrams() {
    }

    /** A message seen on the path, until its fate is known. */
    private record Flight(History.Sent sent, int sentStep) {
    }

    static DebugView.Diagram of(Set<Integer> lanes, History history, int state) {
        Map<Long, Flight> flying = new LinkedHashMap<>();
        List<DebugView.Message> messages = new ArrayList<>();
        List<DebugView.Mark> marks = new ArrayList<>();
        history.state(History.ROOT).step().sent().forEach(s -> flying.put(s.seq(), new Flight(s, 0)));
        int row = 0;
        for (History.State at : history.path(state)) {
            row++;
            History.Step step = at.step();
            Choice choice = step.choice();
            if (!choice.action().isFault()) {
                Flight chosen = flying.get(choice.seq());
                if (chosen != null && choice.action() == Choice.Action.RUN) {
                    flying.remove(choice.seq());
                    messages.add(arrow(chosen, row, arrived(step, chosen.sent()) ? "delivered" : "lost"));
                } else if (chosen != null && choice.action() == Choice.Action.DROP) {
                    flying.remove(choice.seq());
                    messages.add(arrow(chosen, row, "lost"));
                }
            }
            for (long seq : step.vanished()) {
                Flight lost = flying.remove(seq);
                if (lost != null) {
                    messages.add(arrow(lost, row, "lost"));
                }
            }
            for (History.Sent sent : step.sent()) {
                flying.put(sent.seq(), new Flight(sent, row));
            }
            for (Timeline.Event event : step.events()) {
                if (MARKED.contains(event.kind())) {
                    marks.add(new DebugView.Mark(event.node(), row, event.kind().name().toLowerCase(Locale.ROOT),
                            event.detail() == null ? "" : String.valueOf(event.detail())));
                }
            }
            if (choice.action().isFault() && step.events().stream().noneMatch(e -> MARKED.contains(e.kind()))) {
                marks.add(new DebugView.Mark((int) choice.seq(), row, "fault", choice.what()));
            }
        }
        for (Flight flight : flying.values()) {
            messages.add(arrow(flight, -1, "in flight"));
        }
        return new DebugView.Diagram(List.copyOf(lanes), row, messages, marks);
    }

    private static DebugView.Message arrow(Flight flight, int row, String fate) {
        History.Sent s = flight.sent();
        return new DebugView.Message(s.from(), s.to(), flight.sentStep(), row, s.message(), fate);
    }

    /** Did the step deliver the message, or lose it on arrival (its receiver cut off, its connection broken)? */
    private static boolean arrived(History.Step step, History.Sent sent) {
        return step.events().stream().anyMatch(e -> (e.kind() == Timeline.Kind.DELIVER || e.kind() == Timeline.Kind.INJECT)
                && e.node() == sent.to() && e.peer() == sent.from());
    }
}
