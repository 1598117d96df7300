package dev.minizk.sim;

import dev.minizk.sim.Timeline.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The client side of the world: client machines, the {@link StreamLink}s they open to server
 * hosts, and what each link event does. The simulator owns it and routes its events here.
 */
final class ClientLinks {

    /** What the simulator tells the client side about servers. */
    interface Servers {
        /** The server's live node if it serves clients and runs {@code incarnation} (any, if negative); else null. */
        LinkAcceptor acceptor(int server, int incarnation);

        int incarnation(int server);

        String name(int server);
    }

    private final Simulator<?> sim;
    private final Servers servers;
    private final SimConfig config;
    private final TreeMap<Integer, ClientMachine> clients = new TreeMap<>();
    private final Map<Long, StreamLink> links = new LinkedHashMap<>();
    /** Servers cut off from every client (until a heal). */
    private final Set<Integer> unreachableServers = new TreeSet<>();
    private long nextLinkId = 1;
    private Function<Object, String> describer = String::valueOf;

    ClientLinks(Simulator<?> sim, Servers servers, SimConfig config) {
        this.sim = sim;
        this.servers = servers;
        this.config = config;
    }

    long now() {
        return sim.now();
    }

    TimerId nextTimerId() {
        return sim.nextTimerId();
    }

    void describeWith(Function<Object, String> describer) {
        this.describer = describer;
    }

    ClientMachine add(String name, HostClock clock) {
        int id = clients.size() + 1;
        for (ClientMachine existing : clients.values()) {
            if (existing.name().equals(name)) {
                throw new IllegalArgumentException("client machine " + name + " exists already");
            }
        }
        ClientMachine client = new ClientMachine(this, id, name, clock);
        clients.put(id, client);
        return client;
    }

    // ------------------------------------------------------------------ what clients and servers do

    TimerId task(ClientMachine client, TimerId timer, long delayMillis, Runnable task) {
        sim.scheduleTimerOrWork(timer, sim.now() + delayMillis, new SimEvent.ClientTask(client.id(), timer, task));
        return timer;
    }

    void cancel(TimerId timer) {
        sim.cancelTimer(timer);
    }

    LinkEnd open(ClientMachine client, int server, Object hello, LinkListener listener) {
        StreamLink link = new StreamLink(nextLinkId++, client, server, servers.incarnation(server), listener, this);
        if (client.cutOff || servers.acceptor(server, link.serverIncarnation) == null) {
            link.refused = true;
            link.clientOpen = false;
            note(link, Note.REFUSED, client.cutOff ? "cut off" : servers.name(server) + " does not answer");
            links.put(link.id, link);
            sim.schedule(arrival(link, false), new SimEvent.LinkClose(link.id, false, false));
            return link.clientEnd;
        }
        links.put(link.id, link);
        if (unreachableServers.contains(server)) {
            link.stalled = true; // the connect gets no answer at all
            note(link, Note.STALLS);
            return link.clientEnd;
        }
        sim.schedule(arrival(link, true), new SimEvent.LinkOpen(link.id, hello));
        return link.clientEnd;
    }

    void send(StreamLink link, boolean fromClient, Object message) {
        boolean open = fromClient ? link.clientOpen : link.serverOpen;
        if (!open || link.stalled) {
            return; // closed or stalled: the message is lost
        }
        sim.schedule(arrival(link, fromClient), new SimEvent.LinkMessage(link.id, fromClient, message));
    }

    void close(StreamLink link, boolean fromClient) {
        if (fromClient ? !link.clientOpen : !link.serverOpen) {
            return;
        }
        if (fromClient) {
            link.clientOpen = false;
        } else {
            link.serverOpen = false;
        }
        if (link.stalled) {
            return; // the other end hears nothing: a server keeps the link until the session expires
        }
        sim.schedule(arrival(link, fromClient), new SimEvent.LinkClose(link.id, fromClient, false));
    }

    /** When a message sent now on {@code link} arrives: a drawn delay, never before the previous one that way. */
    private long arrival(StreamLink link, boolean toServer) {
        long delay = config.minLinkDelay() + (config.maxLinkDelay() == config.minLinkDelay() ? 0
                : sim.random().nextLong(config.maxLinkDelay() - config.minLinkDelay() + 1));
        long at = sim.now() + delay;
        if (toServer) {
            at = Math.max(at, link.lastArrivalToServer);
            link.lastArrivalToServer = at;
        } else {
            at = Math.max(at, link.lastArrivalToClient);
            link.lastArrivalToClient = at;
        }
        return at;
    }

    // ------------------------------------------------------------------ faults

    /** The server crashed: its links stall (a dead host answers nothing, and says nothing). */
    void stallLinksTo(int server) {
        for (StreamLink link : links.values()) {
            if (link.server == server) {
                link.stalled = true;
            }
        }
    }

    void cutOffServer(int server) {
        unreachableServers.add(server);
        stallLinksTo(server);
        record(servers.name(server) + " cut off from clients");
    }

    void healServers() {
        unreachableServers.clear();
    }

    void cutOff(ClientMachine client) {
        client.cutOff = true;
        for (StreamLink link : links.values()) {
            if (link.client == client) {
                link.stalled = true;
            }
        }
        record(client.name() + " cut off");
    }

    void reconnect(ClientMachine client) {
        client.cutOff = false;
        record(client.name() + " healed");
    }

    /** Drops a link at once: both ends hear of it now (unless stalled), messages in flight are lost. */
    void drop(long linkId) {
        StreamLink link = links.get(linkId);
        if (link == null) {
            return;
        }
        boolean clientSees = link.clientOpen && !link.stalled;
        boolean serverSees = link.serverOpen && !link.stalled;
        link.stalled = true;
        link.clientOpen = false;
        link.serverOpen = false;
        note(link, Note.DROPPED);
        if (serverSees) {
            link.dropNoticesPending++;
            sim.schedule(sim.now(), new SimEvent.LinkClose(link.id, true, true));
        }
        if (clientSees) {
            link.dropNoticesPending++;
            sim.schedule(sim.now(), new SimEvent.LinkClose(link.id, false, true));
        }
        forgetIfClosed(link);
    }

    /** The links of a client machine that are open at its end, oldest first. */
    List<Long> linksOf(ClientMachine client) {
        List<Long> ids = new ArrayList<>();
        for (StreamLink link : links.values()) {
            if (link.client == client) {
                ids.add(link.id);
            }
        }
        return ids;
    }

    // ------------------------------------------------------------------ link events

    void onOpen(SimEvent.LinkOpen e) {
        StreamLink link = links.get(e.link());
        if (link == null || !link.clientOpen || link.stalled) {
            return;
        }
        LinkAcceptor acceptor = servers.acceptor(link.server, link.serverIncarnation);
        if (acceptor == null) {
            link.stalled = true; // the server died while the handshake was on its way
            return;
        }
        link.serverOpen = true;
        link.acceptor = acceptor;
        note(link, Note.TO_SERVER, e.hello());
        acceptor.onLinkOpened(link.serverEnd, e.hello());
    }

    void onMessage(SimEvent.LinkMessage e) {
        StreamLink link = links.get(e.link());
        if (link == null || link.stalled) {
            return;
        }
        if (e.toServer()) {
            if (link.serverOpen) { // and not stalled: so its acceptor is live
                note(link, Note.TO_SERVER, e.message());
                link.acceptor.onLinkMessage(link.serverEnd, e.message());
            }
        } else if (link.clientOpen) {
            note(link, Note.TO_CLIENT, e.message());
            link.listener.onMessage(e.message());
        }
    }

    void onClose(SimEvent.LinkClose e) {
        StreamLink link = links.get(e.link());
        if (link == null) {
            return;
        }
        if (e.dropped()) {
            link.dropNoticesPending--;
            forgetIfClosed(link);
            if (!e.toServer()) {
                link.listener.onClosed();
                return;
            }
            LinkAcceptor acceptor = servers.acceptor(link.server, link.serverIncarnation);
            if (acceptor != null) {
                acceptor.onLinkClosed(link.serverEnd);
            }
        } else if (e.toServer()) {
            boolean tell = link.serverOpen && !link.stalled;
            link.serverOpen = false;
            forgetIfClosed(link);
            if (tell) {
                note(link, Note.CLOSED_BY_CLIENT);
                link.acceptor.onLinkClosed(link.serverEnd);
            }
        } else {
            boolean wasRefused = link.refused;
            boolean tell = wasRefused || (link.clientOpen && !link.stalled);
            link.clientOpen = false;
            link.refused = false;
            forgetIfClosed(link);
            if (tell) {
                if (!wasRefused) {
                    note(link, Note.CLOSED_BY_SERVER);
                }
                link.listener.onClosed();
            }
        }
    }

    private void forgetIfClosed(StreamLink link) {
        if (!link.clientOpen && !link.serverOpen && !link.refused && link.dropNoticesPending == 0) {
            links.remove(link.id);
        }
    }

    void onTask(SimEvent.ClientTask e) {
        e.task().run();
    }

    private void record(String what) {
        sim.record(0, Kind.LINK, 0, what);
    }

    /** What happened on a link, for the timeline. */
    enum Note { TO_SERVER, TO_CLIENT, CLOSED_BY_CLIENT, CLOSED_BY_SERVER, DROPPED, REFUSED, STALLS }

    private void note(StreamLink link, Note note) {
        note(link, note, null);
    }

    private void note(StreamLink link, Note note, Object detail) {
        sim.record(0, Kind.LINK, 0, new LinkNote(link, note, detail, this));
    }

    /**
     * A line of the timeline about a client link. It is turned into text only when printed
     * ("c1/3 → n1  message", "n1 closed c1/3"): a busy world logs every message.
     */
    record LinkNote(StreamLink link, Note note, Object detail, ClientLinks links) {
        @Override
        public String toString() {
            String server = links.servers.name(link.server);
            return switch (note) {
                case TO_SERVER -> link.name() + " → " + server + "  " + links.describer.apply(detail);
                case TO_CLIENT -> server + " → " + link.name() + "  " + links.describer.apply(detail);
                case CLOSED_BY_CLIENT -> link.name() + " closed by the client";
                case CLOSED_BY_SERVER -> server + " closed " + link.name();
                case DROPPED -> link.name() + " dropped";
                case REFUSED -> link.name() + " refused (" + detail + ")";
                case STALLS -> link.name() + " → " + server + " stalls (cut off from clients)";
            };
        }
    }
}
