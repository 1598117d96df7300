package dev.minizk.notebooks.demo;

import dev.minizk.tree.EventType;
import dev.minizk.client.Watcher;

import java.util.List;

/** Watchers that say what they hear, for notebooks that show events arriving. */
public final class Watchers {
    private Watchers() {
    }

    /**
     * A watcher that prints what it hears and writes it down: {@code "TYPE path"} for a node
     * event, the {@code KeeperState} for a connection event.
     */
    public static Watcher recording(String name, List<String> heard) {
        return event -> {
            String what = event.type() == EventType.NONE ? event.state().toString() : event.type() + " " + event.path();
            System.out.println("  [" + name + " hears " + what + "]");
            heard.add(what);
        };
    }
}
