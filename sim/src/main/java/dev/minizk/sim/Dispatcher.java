package dev.minizk.sim;

import dev.minizk.sim.Timeline.Kind;

import java.util.function.Consumer;

/**
 * What each kind of {@link SimEvent} does when it comes up. An event meant for an incarnation
 * that is gone is dropped: a crashed server's timers never fire, a message to it is lost.
 */
final class Dispatcher<M> implements SimEvent.Handler {
    private final Simulator<M> sim;
    private final Hosts<M> hosts;
    private final ClientLinks clientLinks;

    Dispatcher(Simulator<M> sim, Hosts<M> hosts, ClientLinks clientLinks) {
        this.sim = sim;
        this.hosts = hosts;
        this.clientLinks = clientLinks;
    }

    @Override
    public void start(SimEvent.Start s) {
        Host<M> host = hosts.live(s.node(), s.incarnation());
        if (host != null) {
            sim.record(s.node(), Kind.START, 0, "incarnation " + s.incarnation());
            host.node.start(host.context);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void delivery(SimEvent.Delivery d) {
        Host<M> host = hosts.find(d.to());
        if (host == null || !host.isLive(d.toIncarnation())) {
            sim.record(d.to(), Kind.DROP, d.from(), new Dropped("receiver down or restarted, from " + d.from(), d.message()));
            return;
        }
        if (!d.injected() && sim.lostInFlight(d)) {
            return;
        }
        sim.countDelivered();
        sim.record(d.to(), d.injected() ? Kind.INJECT : Kind.DELIVER, d.from(), d.message());
        host.node.onMessage(d.from(), (M) d.message());
    }

    @Override
    public void peerLinkBroken(SimEvent.PeerLinkBroken e) {
        Host<M> host = hosts.live(e.node(), e.incarnation());
        if (host != null) {
            sim.peerLinkBrokenNoticed(e);
            sim.record(e.node(), Kind.TRACE, e.peer(), "connection to n" + e.peer() + " broken (" + e.why() + ")");
            host.node.onPeerLinkBroken(e.peer());
        }
    }

    @Override
    public void timer(SimEvent.TimerFire t) {
        sim.timerDone(t.id());
        Host<M> host = hosts.live(t.node(), t.incarnation());
        if (host != null) {
            sim.record(t.node(), Kind.TIMER, 0, t.tag());
            host.node.onTimer(t.tag());
        }
    }

    @Override
    public void syncDone(SimEvent.SyncDone s) {
        Host<M> host = hosts.live(s.node(), s.incarnation());
        if (host != null) {
            host.disk.markDurable(s.file(), s.upTo());
            sim.record(s.node(), Kind.SYNCED, 0, s.file() + " up to byte " + s.upTo());
            host.node.onSyncCompleted(s.id());
        }
    }

    @Override
    public void fault(SimEvent.ScheduledFault f) {
        sim.apply(f.fault());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void act(SimEvent.Act a) {
        Host<M> host = hosts.live(a.node(), a.incarnation());
        if (host != null) {
            sim.record(a.node(), Kind.ACT, 0, a.description());
            ((Consumer<Node<M>>) a.action()).accept(host.node);
        }
    }

    @Override
    public void linkOpen(SimEvent.LinkOpen event) {
        clientLinks.onOpen(event);
    }

    @Override
    public void linkMessage(SimEvent.LinkMessage event) {
        clientLinks.onMessage(event);
    }

    @Override
    public void linkClose(SimEvent.LinkClose event) {
        clientLinks.onClose(event);
    }

    @Override
    public void clientTask(SimEvent.ClientTask event) {
        if (event.timer() != null) {
            sim.timerDone(event.timer());
        }
        clientLinks.onTask(event);
    }
}
