package dev.minizk.notebooks.demo;

import dev.minizk.sim.Timeline;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of a {@link SequenceDiagram}: what a timeline event looks like, without its time, so
 * that two rows are equal exactly when they would be drawn the same (that is how repeats are found).
 * Participants are keys: {@code n2} for server 2, {@code c1} for client machine 1, or the name a
 * client link printed for its server.
 */
sealed interface Row {
    /** A message from one lifeline to another; {@code lost} draws it crossed, {@code reply} dashed. */
    record Arrow(String from, String to, String text, boolean lost, boolean reply) implements Row {
        @Override
        public List<String> participants() {
            return List.of(from, to);
        }

        @Override
        public void appendTo(StringBuilder uml, String when, SequenceDiagram.Participants p) {
            uml.append(p.alias(from)).append(lost ? " ->x " : reply ? " --> " : " -> ").append(p.alias(to))
                    .append(" : ").append(when).append(' ').append(plain(text)).append('\n');
        }
    }

    /** Something one lifeline did or noticed: a decision, a timer, a crash, an action. */
    record Note(String over, String text, String color) implements Row {
        @Override
        public List<String> participants() {
            return List.of(over);
        }

        @Override
        public void appendTo(StringBuilder uml, String when, SequenceDiagram.Participants p) {
            uml.append("note over ").append(p.alias(over)).append(color == null ? "" : " " + color).append(" : ")
                    .append(when).append(' ').append(plain(text)).append('\n');
        }
    }

    /**
     * Something that happened to the world: a partition, a heal, a client cut off. {@code who},
     * if not null, is the participant the text starts with ("c1 cut off" reads "alice cut off").
     */
    record Divider(String who, String text) implements Row {
        @Override
        public List<String> participants() {
            return List.of();
        }

        @Override
        public void appendTo(StringBuilder uml, String when, SequenceDiagram.Participants p) {
            String said = who == null ? text : p.label(who) + text.substring(who.length());
            uml.append("== ").append(when).append(": ").append(plain(said)).append(" ==\n");
        }
    }

    /**
     * A row with the time span and number of the events it stands for; {@code sent} is when a
     * single message arrow's message was sent (-1 when unknown), so it reads "t=0→3".
     */
    record Timed(long first, long last, int count, Row row, long sent) {
        String when() {
            if (count == 1) {
                return "t=" + (sent >= 0 && sent < first ? sent + "→" : "") + first;
            }
            return "t=" + first + (last == first ? "" : "–" + last) + " (" + count + "×)";
        }
    }

    List<String> participants();

    void appendTo(StringBuilder uml, String when, SequenceDiagram.Participants participants);

    // Colours of the lessons' notes: amber for a step, green for a follower's or a quorum's
    // moment, blue for the leader, red for a crash.
    String STEP = "#FFF8E1";
    String FOLLOWER = "#E8F5E9";
    String LEADER = "#E3F2FD";
    String TROUBLE = "#FFEBEE";

    Pattern LINK_MESSAGE = Pattern.compile("(\\S+) → (\\S+) {2}(.*)");
    Pattern LINK_STALLS = Pattern.compile("(\\S+) → (\\S+) stalls \\((.*)\\)");
    Pattern LINK_REFUSED = Pattern.compile("(\\S+/\\d+) refused \\((.*)\\)");
    Pattern LINK_DROPPED = Pattern.compile("(\\S+/\\d+) dropped");
    Pattern LINK_CLOSED_BY_CLIENT = Pattern.compile("(\\S+/\\d+) closed by the client");
    Pattern LINK_CLOSED_BY_SERVER = Pattern.compile("(\\S+) closed (\\S+/\\d+)");
    Pattern DROP_REASON = Pattern.compile("\\((.*?)\\) (.*)");

    /** The row an event is drawn as, or none for events a diagram leaves out (sends, syncs). */
    static Optional<Row> of(Timeline.Event e) {
        String node = "n" + e.node();
        String peer = "n" + e.peer();
        String detail = String.valueOf(e.detail());
        return Optional.ofNullable(switch (e.kind()) {
            case SEND, SYNCED -> null; // a message is drawn when it arrives (or is lost)
            case DELIVER -> new Arrow(peer, node, detail, false, false);
            case INJECT -> new Arrow(peer, node, "injected: " + detail, false, false);
            case DROP -> dropped(e, node, peer, detail);
            case TIMER -> new Note(node, "timer " + detail, null);
            case TRACE -> new Note(node, detail, traceColor(detail));
            case ACT -> new Note(node, detail, STEP);
            case CRASH -> new Note(node, "crash" + (e.detail() == null ? "" : ", lost " + detail), TROUBLE);
            case RESTART -> new Note(node, "restart, " + detail, TROUBLE);
            case START -> e.time() == 0 ? null : new Note(node, "starts", STEP);
            case FAULT -> new Divider(null, detail);
            case LINK -> link(detail);
        });
    }

    private static Row dropped(Timeline.Event e, String node, String peer, String detail) {
        Matcher m = DROP_REASON.matcher(detail);
        String reason = m.matches() ? m.group(1) : "dropped";
        String message = m.matches() ? m.group(2) : detail;
        if (e.peer() == 0) {
            return new Note(node, "dropped (" + reason + "): " + message, TROUBLE);
        }
        // Dropped at delivery because the receiver was down: recorded on the receiver.
        boolean atReceiver = reason.startsWith("receiver down");
        return new Arrow(atReceiver ? peer : node, atReceiver ? node : peer,
                message + " (" + (atReceiver ? "receiver down" : reason) + ")", true, false);
    }

    private static String traceColor(String trace) {
        if (trace.startsWith("LEADING")) {
            return LEADER;
        }
        return trace.startsWith("FOLLOWING") || trace.startsWith("OBSERVING") ? FOLLOWER : null;
    }

    /** A client-link line, as the simulator prints it ("c1/3 → server  #5 GetData /cfg"). */
    private static Row link(String line) {
        Matcher m;
        if ((m = LINK_STALLS.matcher(line)).matches()) {
            return new Arrow(machine(m.group(1)), m.group(2), "stalls (" + m.group(3) + ")", true, false);
        }
        if ((m = LINK_MESSAGE.matcher(line)).matches()) {
            boolean toClient = m.group(2).contains("/");
            return new Arrow(machine(m.group(1)), machine(m.group(2)), m.group(3), false, toClient);
        }
        if ((m = LINK_REFUSED.matcher(line)).matches()) {
            return new Note(machine(m.group(1)), "connection refused (" + m.group(2) + ")", TROUBLE);
        }
        if ((m = LINK_DROPPED.matcher(line)).matches()) {
            return new Note(machine(m.group(1)), "connection dropped", TROUBLE);
        }
        if ((m = LINK_CLOSED_BY_CLIENT.matcher(line)).matches()) {
            return new Note(machine(m.group(1)), "closes its connection", null);
        }
        if ((m = LINK_CLOSED_BY_SERVER.matcher(line)).matches()) {
            return new Note(m.group(1), "closes " + machine(m.group(2)) + "'s connection", null);
        }
        int space = line.indexOf(' '); // "c1 cut off", "c1 healed", "n1 cut off from clients"
        return new Divider(space < 0 ? null : line.substring(0, space), line);
    }

    /** "c1/3" (client machine 1's third link) is drawn on c1's lifeline. */
    private static String machine(String linkName) {
        int slash = linkName.indexOf('/');
        return slash < 0 ? linkName : linkName.substring(0, slash);
    }

    /** Text PlantUML prints as it is: one line, no creole markup, no HTML-like tags. */
    static String plain(String text) {
        return text.replace('\n', ' ').replace('\r', ' ').replace("<", "‹").replace(">", "›")
                .replace("~", "~~").replaceAll("([*_/\\-\"'^=])\\1", "$1~$1");
    }
}
