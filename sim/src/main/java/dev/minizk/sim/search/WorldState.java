package dev.minizk.sim.search;

import dev.minizk.sim.EventQueue;
import dev.minizk.sim.SimEvent;
import dev.minizk.sim.Simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A world's state as a value, for a search to recognise a state it has reached before by
 * another path: every server's snapshot ({@link dev.minizk.sim.Snapshottable}), incarnation and
 * disk, and what is pending, with the numbering of this path left out (sequence numbers, timer
 * ids, absolute times).
 *
 * <p>Pending events are kept as a multiset (the same message twice in flight is two), except
 * where order matters: on a FIFO peer link, a client link and a file's syncs they are kept in
 * order, and so are a node's acts. Timers are kept with how far from now they are due. Client
 * tasks carry code, which cannot be compared: they count by client and due time only.
 *
 * @param servers per server: id, incarnation, snapshot, disk
 * @param ordered per FIFO channel, its pending events in order
 * @param loose   the other pending events, counted
 */
public record WorldState(List<Object> servers, Map<Object, List<Object>> ordered, Map<Object, Integer> loose) {

    public static WorldState of(Simulator<?> sim) {
        List<Object> servers = new ArrayList<>();
        for (int id : sim.nodeIds()) {
            servers.add(List.of(id, sim.incarnation(id), sim.snapshotOf(id), sim.disk(id).fingerprint()));
        }
        Map<Object, List<Object>> ordered = new HashMap<>();
        Map<Object, Integer> loose = new HashMap<>();
        boolean fifo = sim.network().fifo();
        for (EventQueue.Entry<SimEvent> entry : sim.pendingEvents()) {
            Object channel = orderedChannel(entry.event(), fifo);
            Object key = key(entry, sim.now());
            if (channel != null) {
                ordered.computeIfAbsent(channel, c -> new ArrayList<>()).add(key);
            } else {
                loose.merge(key, 1, Integer::sum);
            }
        }
        return new WorldState(servers, ordered, loose);
    }

    /** The FIFO channel an event must keep its place in, or null if it may happen in any order. */
    static Object orderedChannel(SimEvent event, boolean fifoPeers) {
        if (event instanceof SimEvent.Delivery d) {
            return fifoPeers && !d.injected() ? List.of("peer", d.from(), d.to()) : null;
        } else if (event instanceof SimEvent.PeerLinkBroken b) {
            return List.of("peer", b.peer(), b.node()); // the notice of a break comes in order with the peer's traffic
        } else if (event instanceof SimEvent.LinkOpen o) {
            return List.of("link", o.link());
        } else if (event instanceof SimEvent.LinkMessage m) {
            return List.of("link", m.link());
        } else if (event instanceof SimEvent.LinkClose c) {
            return List.of("link", c.link());
        } else if (event instanceof SimEvent.SyncDone s) {
            return List.of("sync", s.node(), s.file());
        } else if (event instanceof SimEvent.Act a) {
            return List.of("act", a.node()); // a node's acts are one script (a client's requests on one connection): in order
        }
        return null; // starts, timers, faults, client tasks: any order their times allow
    }

    /** The event as a value without this path's numbering. */
    private static Object key(EventQueue.Entry<SimEvent> entry, long now) {
        long dueIn = Math.max(0, entry.time() - now);
        SimEvent event = entry.event();
        if (event instanceof SimEvent.TimerFire t) {
            return List.of("timer", t.node(), t.incarnation(), t.tag(), dueIn);
        } else if (event instanceof SimEvent.SyncDone s) {
            return List.of("synced", s.node(), s.incarnation(), s.file(), s.upTo());
        } else if (event instanceof SimEvent.Act a) {
            return List.of("act", a.node(), a.incarnation(), a.description());
        } else if (event instanceof SimEvent.ClientTask t) {
            return List.of("task", t.client(), t.timer() != null, t.timer() == null ? 0 : dueIn);
        } else if (event instanceof SimEvent.ScheduledFault f) {
            return List.of("fault", f.fault(), dueIn);
        }
        return event; // records of values: Start, Delivery, the link events
    }
}
