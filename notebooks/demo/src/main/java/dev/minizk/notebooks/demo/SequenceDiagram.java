package dev.minizk.notebooks.demo;

import dev.minizk.sim.Timeline;
import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import net.sourceforge.plantuml.error.PSystemError;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A simulated run drawn as a message-sequence diagram, from the simulator's {@link Timeline}, in
 * the lessons' visual language (the skin of {@code lessons/diagrams/*.puml}): a lifeline per
 * server ({@code n1}, {@code n2}, …) and per client machine ({@code c1}, …), an arrow per delivered
 * message, a crossed arrow per lost one, a note per decision, timer or crash, a divider per fault.
 * PlantUML renders it to SVG; sequence diagrams need no Graphviz.
 *
 * <p>Runs repeat themselves (a cut-off client retrying once a second, a server re-sending its
 * vote), so rows that repeat back to back, alone or interleaved with at most two other repeating
 * rows, become one row per kind with a count and their first and last time ({@link Rows}).
 *
 * <pre>{@code
 * String svg = SequenceDiagram.svg(sim.timeline());                 // every kept event
 * String svg = SequenceDiagram.of(events).title("expiry").name("c1", "alice")
 *         .skip(e -> e.toString().contains("Ping")).svg();
 * }</pre>
 */
public final class SequenceDiagram {
    /** The lessons' skin (lessons/diagrams/election-sequence.puml and its neighbours). */
    private static final String SKIN = """
            skinparam shadowing false
            skinparam defaultFontName SansSerif
            skinparam sequenceMessageAlign left
            skinparam responseMessageBelowArrow true
            """;
    private static final int DEFAULT_MAX_ROWS = 120;
    /** A quiet stretch this long is drawn as a gap ("... 191 ms ..."), as the lessons do. */
    private static final long QUIET_MILLIS = 100;

    private final List<Timeline.Event> events;
    private final Map<String, String> names = new LinkedHashMap<>();
    private Predicate<Timeline.Event> skip = event -> false;
    private String title;
    private int maxRows = DEFAULT_MAX_ROWS;

    private SequenceDiagram(List<Timeline.Event> events) {
        this.events = List.copyOf(Objects.requireNonNull(events, "events must not be null"));
    }

    /** Every event the timeline kept, drawn with the defaults. */
    public static String svg(Timeline timeline) {
        return of(timeline.events()).svg();
    }

    /** These events (a stretch of a timeline, say), drawn with the defaults. */
    public static String svg(List<Timeline.Event> events) {
        return of(events).svg();
    }

    public static SequenceDiagram of(List<Timeline.Event> events) {
        return new SequenceDiagram(events);
    }

    /**
     * The events recorded after {@code mark}, a {@link Timeline#totalEvents()} read earlier:
     * {@code long mark = sim.timeline().totalEvents(); sim.partition(…); …; since(sim.timeline(), mark)}.
     * Events the timeline no longer keeps are left out (the diagram then starts later).
     */
    public static SequenceDiagram since(Timeline timeline, long mark) {
        List<Timeline.Event> kept = timeline.events();
        long wanted = timeline.totalEvents() - mark;
        if (wanted < 0) {
            throw new IllegalArgumentException("mark " + mark + " is past the timeline's " + timeline.totalEvents() + " events");
        }
        return of(kept.subList(kept.size() - (int) Math.min(wanted, kept.size()), kept.size()));
    }

    public SequenceDiagram title(String title) {
        this.title = title;
        return this;
    }

    /**
     * Labels a lifeline: {@code name("c1", "alice")}, {@code name("n1", "leader")}. A server's
     * client links print its name (the simulator's {@code nameNode}), so naming {@code n1}
     * "server" also puts those links on n1's lifeline. Lifelines named here come first, in order.
     */
    public SequenceDiagram name(String participant, String label) {
        names.put(Objects.requireNonNull(participant, "participant must not be null"),
                Objects.requireNonNull(label, "label must not be null"));
        return this;
    }

    /** Leaves out the events this predicate accepts (pings, say); may be called more than once. */
    public SequenceDiagram skip(Predicate<Timeline.Event> unwanted) {
        Objects.requireNonNull(unwanted, "unwanted must not be null");
        Predicate<Timeline.Event> before = skip;
        skip = event -> before.test(event) || unwanted.test(event);
        return this;
    }

    /** At most this many rows (after repeats are counted); the rest is summed up in one line. */
    public SequenceDiagram maxRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, was " + rows);
        }
        this.maxRows = rows;
        return this;
    }

    /** The PlantUML source of the diagram. */
    public String source() {
        SendTimes sendTimes = new SendTimes();
        List<Row.Timed> timed = new ArrayList<>();
        for (Timeline.Event event : events) {
            long sent = sendTimes.see(event);
            if (!skip.test(event)) {
                Row.of(event).ifPresent(row -> timed.add(new Row.Timed(event.time(), event.time(), 1, row, sent)));
            }
        }
        List<Row.Timed> rows = Rows.collapse(timed);
        Participants participants = new Participants(names);
        rows.forEach(r -> r.row().participants().forEach(participants::add));

        StringBuilder uml = new StringBuilder("@startuml\n");
        if (title != null && !title.isBlank()) {
            uml.append("title ").append(Row.plain(title)).append('\n');
        }
        uml.append(SKIN);
        participants.declare(uml);
        List<Row.Timed> shown = rows.subList(0, Math.min(rows.size(), maxRows));
        long lastTime = shown.isEmpty() ? 0 : shown.get(0).first();
        for (Row.Timed row : shown) {
            if (row.first() - lastTime >= QUIET_MILLIS) {
                uml.append("... ").append(row.first() - lastTime).append(" ms ...\n"); // the lessons' gap
            }
            row.row().appendTo(uml, row.when(), participants);
            lastTime = Math.max(lastTime, row.last());
        }
        if (shown.isEmpty()) {
            uml.append("note over ").append(participants.isEmpty() ? "" : participants.first())
                    .append(participants.isEmpty() ? "" : " ").append(": nothing happened\n");
        }
        if (rows.size() > shown.size()) {
            uml.append("... ").append(rows.size() - shown.size()).append(" more rows not drawn (t=")
                    .append(rows.get(shown.size()).first()).append(" and later) ...\n");
        }
        return uml.append("@enduml\n").toString();
    }

    /** The diagram as an SVG document; throws if PlantUML cannot read the source. */
    public String svg() {
        return render(source());
    }

    /** Renders PlantUML source to SVG, failing loudly (with the source) on a syntax error. */
    static String render(String source) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // a notebook server has no display
        }
        SourceStringReader reader = new SourceStringReader(source);
        if (reader.getBlocks().isEmpty() || reader.getBlocks().get(0).getDiagram() instanceof PSystemError) {
            throw new IllegalStateException("PlantUML cannot read this diagram:\n" + source);
        }
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        try {
            reader.outputImage(svg, new FileFormatOption(FileFormat.SVG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return svg.toString(StandardCharsets.UTF_8);
    }

    /**
     * When each delivered message was sent: a delivery carries the very object that was sent, so
     * sends are matched by identity, per link, oldest first (a resent object is sent again).
     */
    private static final class SendTimes {
        private final Map<String, Map<Object, ArrayDeque<Long>>> byLink = new HashMap<>();

        /** Records a send; for a delivery, returns when it was sent (-1 if not in the events). */
        long see(Timeline.Event event) {
            if (event.detail() == null) {
                return -1;
            }
            if (event.kind() == Timeline.Kind.SEND) {
                inFlight(event.node(), event.peer(), event.detail()).add(event.time());
            } else if (event.kind() == Timeline.Kind.DELIVER) {
                Long sent = inFlight(event.peer(), event.node(), event.detail()).poll();
                return sent == null ? -1 : sent;
            }
            return -1;
        }

        private ArrayDeque<Long> inFlight(int from, int to, Object message) {
            return byLink.computeIfAbsent(from + ">" + to, k -> new IdentityHashMap<>())
                    .computeIfAbsent(message, k -> new ArrayDeque<>());
        }
    }

    /** The lifelines: named ones first, in naming order, then servers by id, then clients. */
    static final class Participants {
        private final Map<String, String> names;
        private final Set<String> seen = new LinkedHashSet<>();

        Participants(Map<String, String> names) {
            this.names = names;
        }

        /** The lifeline a name belongs to: a participant key, or the key whose label it is. */
        String keyOf(String name) {
            if (names.containsKey(name)) {
                return name;
            }
            return names.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
                    .findFirst().orElse(name);
        }

        void add(String name) {
            seen.add(keyOf(name));
        }

        boolean isEmpty() {
            return seen.isEmpty();
        }

        String first() {
            return alias(ordered().get(0));
        }

        List<String> ordered() {
            List<String> order = new ArrayList<>(names.keySet());
            order.retainAll(seen);
            seen.stream().filter(key -> !names.containsKey(key))
                    .sorted(Comparator.comparing((String key) -> !isServer(key)).thenComparing(Participants::number)
                            .thenComparing(Comparator.naturalOrder()))
                    .forEach(order::add);
            return order;
        }

        /** What a lifeline is called in the picture: its name, else "server 2" for n2, else its key. */
        String label(String name) {
            String key = keyOf(name);
            return names.getOrDefault(key, isServer(key) ? "server " + key.substring(1) : key);
        }

        void declare(StringBuilder uml) {
            for (String key : ordered()) {
                String label = label(key);
                uml.append(isServer(key) ? "participant \"" : "actor \"").append(Row.plain(label)).append("\" as ")
                        .append(alias(key)).append('\n');
            }
        }

        /** A PlantUML identifier for a key ("c1/3" is not one). */
        String alias(String name) {
            return "P_" + keyOf(name).replaceAll("[^A-Za-z0-9]", "_");
        }

        static boolean isServer(String key) {
            return key.matches("n\\d+");
        }

        private static long number(String key) {
            String digits = key.replaceAll("\\D", "");
            return digits.isEmpty() || digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
        }
    }
}
