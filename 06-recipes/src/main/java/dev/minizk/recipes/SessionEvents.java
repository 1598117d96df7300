package dev.minizk.recipes;

import dev.minizk.client.Watcher;
import dev.minizk.proto.KeeperState;
import dev.minizk.proto.WatcherEvent;
import dev.minizk.tree.EventType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The client's default watcher, shared by the recipes of one client: it hears every connection
 * state change ({@code Disconnected}, {@code SyncConnected}, {@code Expired}, {@code Closed}) and
 * tells each recipe that subscribed. A recipe needs this to learn that its session expired: then
 * its ephemeral nodes are gone, and with them its lock or its leadership.
 *
 * <p>Pass it to {@code ZkClient.connect} as the default watcher. Node events for {@code watch=true}
 * reads go to {@link #onNodeEvent} listeners (the recipes use their own watchers instead).
 */
public final class SessionEvents implements Watcher {
    private static final int MAX_LISTENERS = 1_000;

    private final List<Consumer<KeeperState>> stateListeners = new ArrayList<>();
    private final List<Consumer<WatcherEvent>> nodeListeners = new ArrayList<>();
    private KeeperState last = KeeperState.DISCONNECTED;

    /** Calls the listener with every later connection state (on the client's event thread). */
    public void onState(Consumer<KeeperState> listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        if (stateListeners.size() >= MAX_LISTENERS) {
            throw new IllegalStateException("more than " + MAX_LISTENERS + " state listeners on one client: a recipe leaks them");
        }
        stateListeners.add(listener);
    }

    /** Stops calling a listener given to {@link #onState}. */
    public void removeState(Consumer<KeeperState> listener) {
        stateListeners.remove(listener);
    }

    /** Calls the listener with node events of {@code watch=true} reads. */
    public void onNodeEvent(Consumer<WatcherEvent> listener) {
        nodeListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    /** The last connection state heard. */
    public KeeperState lastState() {
        return last;
    }

    @Override
    public void process(WatcherEvent event) {
        if (event.type() != EventType.NONE) {
            List.copyOf(nodeListeners).forEach(listener -> listener.accept(event));
            return;
        }
        last = event.state();
        // a copy: a listener may unsubscribe itself (a lock that ends on expiry)
        List.copyOf(stateListeners).forEach(listener -> listener.accept(event.state()));
    }
}
