package dev.minizk.sim.search;

import dev.minizk.sim.EventQueue;
import dev.minizk.sim.SimEvent;
import dev.minizk.sim.Simulator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What may happen next in a world, as the search sees it: the network is asynchronous (a
 * message may arrive before any other, however long ago that one was sent), but
 *
 * <ul>
 *   <li>time-driven events (timers, client timers, scheduled faults) happen in the order of
 *       their due times: only those due first are enabled, and running one moves the clock
 *       there. Clocks are assumed in step (the search's scenarios use no skew). With quiet
 *       timers ({@link Search.Bounds#quietTimers}) no timer fires while other work is pending;</li>
 *   <li>a FIFO channel (a peer link on a FIFO network, a client link, a file's syncs) delivers
 *       its oldest pending event first, and a node's acts happen in the order they were
 *       scheduled (they are one script: a client's requests, pipelined on one connection);</li>
 *   <li>a server starts before anything happens to it (a message to a server whose start
 *       is pending waits);</li>
 *   <li>a message may be lost or duplicated only if the network's fault rates allow it, and
 *       at most as many times per path as the bounds say; on a network of connections (TCP)
 *       never duplicated, and a loss breaks the connection.</li>
 * </ul>
 */
public final class EnabledChoices {

    private EnabledChoices() {
    }

    /**
     * The choices enabled now, in queue order.
     *
     * @param dropsLeft      how many more messages the path may lose
     * @param duplicatesLeft how many more messages the path may duplicate
     * @param quietTimers    timers fire only while nothing else is pending
     */
    public static List<Choice> of(Simulator<?> sim, int dropsLeft, int duplicatesLeft, boolean quietTimers) {
        List<EventQueue.Entry<SimEvent>> pending = sim.pendingEvents();
        long firstDue = Long.MAX_VALUE;
        boolean workPending = false;
        for (EventQueue.Entry<SimEvent> entry : pending) {
            if (isTimed(entry.event())) {
                firstDue = Math.min(firstDue, entry.time());
            } else {
                workPending = true;
            }
        }
        if (quietTimers && workPending) {
            firstDue = Long.MIN_VALUE; // no timer is enabled while something is in flight
        }
        Set<Integer> notStarted = new HashSet<>();
        for (EventQueue.Entry<SimEvent> entry : pending) {
            if (entry.event() instanceof SimEvent.Start s) {
                notStarted.add(s.node());
            }
        }
        boolean fifo = sim.network().fifo();
        boolean mayLose = dropsLeft > 0 && sim.network().lossRate() > 0;
        // A connection (TCP) never delivers a message twice; it loses one only by breaking.
        boolean mayDuplicate = duplicatesLeft > 0 && sim.network().duplicateRate() > 0 && !sim.network().connections();
        Set<Object> channelsSeen = new HashSet<>();
        List<Choice> choices = new ArrayList<>();
        for (EventQueue.Entry<SimEvent> entry : pending) {
            SimEvent event = entry.event();
            Object channel = WorldState.orderedChannel(event, fifo);
            if (channel != null && !channelsSeen.add(channel)) {
                continue; // not the oldest on its channel
            }
            if (isTimed(event) && entry.time() > firstDue) {
                continue; // another timer is due before it
            }
            if (waitsForStart(event, notStarted)) {
                continue; // a server starts before anything happens to it
            }
            String what = describe(entry, sim);
            choices.add(new Choice(Choice.Action.RUN, entry.seq(), what));
            if (event instanceof SimEvent.Delivery d && !d.injected()) {
                if (mayLose) {
                    choices.add(new Choice(Choice.Action.DROP, entry.seq(), what));
                }
                if (mayDuplicate) {
                    choices.add(new Choice(Choice.Action.DUPLICATE, entry.seq(), what));
                }
            }
        }
        return choices;
    }

    private static boolean waitsForStart(SimEvent event, Set<Integer> notStarted) {
        if (event instanceof SimEvent.Delivery d) {
            return notStarted.contains(d.to());
        } else if (event instanceof SimEvent.Act a) {
            return notStarted.contains(a.node());
        } else if (event instanceof SimEvent.PeerLinkBroken b) {
            return notStarted.contains(b.node());
        }
        return false;
    }

    private static boolean isTimed(SimEvent event) {
        return event.isTimer() || event instanceof SimEvent.ScheduledFault;
    }

    /** The event in words, as a trace line's comment and a debugger's button show it. */
    public static String describe(EventQueue.Entry<SimEvent> entry, Simulator<?> sim) {
        SimEvent event = entry.event();
        if (event instanceof SimEvent.Delivery d) {
            return "n" + d.from() + " -> n" + d.to() + ": " + d.message();
        } else if (event instanceof SimEvent.TimerFire t) {
            return "n" + t.node() + " timer " + t.tag() + " (due at " + entry.time() + " ms)";
        } else if (event instanceof SimEvent.Start s) {
            return "n" + s.node() + " starts (incarnation " + s.incarnation() + ")";
        } else if (event instanceof SimEvent.Act a) {
            return "n" + a.node() + ": " + a.description();
        } else if (event instanceof SimEvent.PeerLinkBroken b) {
            return "n" + b.node() + " learns its connection to n" + b.peer() + " broke (" + b.why() + ")";
        }
        return event.toString();
    }
}
