package dev.minizk.replica;

import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.Role;
import dev.minizk.zab.ZabContext;

/**
 * No role yet: the election is running. Zab packets that arrive now belong to a leader or a
 * learner this server no longer is (or not yet is); they are dropped, and the peer's own checks
 * and timeouts take it from there.
 */
final class Looking implements Role {
    private final ZabContext ctx;

    Looking(ZabContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void start() {
    }

    @Override
    public void onMessage(int from, PeerMessage message) {
        ctx.trace("ignored while LOOKING, from " + from + ": " + message);
    }

    @Override
    public void onTick() {
    }

    @Override
    public String name() {
        return "LOOKING";
    }

    @Override
    public Object snapshot() {
        return "LOOKING"; // nothing of its own: the election holds the state
    }

    @Override
    public String toString() {
        return "LOOKING";
    }
}
