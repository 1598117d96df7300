package dev.minizk.client;

import dev.minizk.proto.KeeperState;
import dev.minizk.proto.WatcherEvent;
import dev.minizk.tree.EventType;

import java.util.ArrayList;
import java.util.List;

/** A Watcher that writes down what it hears, for tests to compare with what they expect. */
final class Recorder implements Watcher {
    private final String name;
    private final List<WatcherEvent> events = new ArrayList<>();

    Recorder(String name) {
        this.name = name;
    }

    @Override
    public void process(WatcherEvent event) {
        events.add(event);
    }

    /** Node events as "TYPE path", in the order heard. */
    List<String> nodeEvents() {
        return events.stream().filter(e -> e.type() != EventType.NONE).map(e -> e.type() + " " + e.path()).toList();
    }

    /** Connection-state events, in the order heard. */
    List<KeeperState> states() {
        return events.stream().filter(e -> e.type() == EventType.NONE).map(WatcherEvent::state).toList();
    }

    @Override
    public String toString() {
        return name;
    }
}
