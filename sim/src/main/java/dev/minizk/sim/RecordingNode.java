package dev.minizk.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A node that only listens: it keeps every message it receives, with the time. Tests put one
 * where a peer should be and play that peer by hand ({@link Simulator#inject}), then read what
 * the node under test sent it.
 */
public final class RecordingNode<M> implements Node<M> {

    /** A message as it arrived: global virtual time, sender, message. */
    public record Received<M>(long time, int from, M message) {
    }

    private final List<Received<M>> received = new ArrayList<>();
    private NodeContext<M> context;

    @Override
    public void start(NodeContext<M> context) {
        this.context = context;
    }

    @Override
    public void onMessage(int from, M message) {
        received.add(new Received<>(context.now(), from, message));
    }

    @Override
    public void onTimer(TimerTag tag) {
    }

    /** Everything received so far, oldest first. */
    public List<Received<M>> received() {
        return new ArrayList<>(received);
    }

    /** The messages received so far, oldest first. */
    public List<M> messages() {
        return received.stream().map(Received::message).toList();
    }

    /** Forgets what was received. */
    public void clear() {
        received.clear();
    }
}
