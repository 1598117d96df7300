package dev.minizk.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simulated server machines, by id (ascending, so every iteration is in the same order),
 * and the names the timeline gives them. What the client side may know of servers comes from
 * here too.
 */
final class Hosts<M> implements ClientLinks.Servers {
    private final TreeMap<Integer, Host<M>> byId = new TreeMap<>();
    private final Map<Integer, String> names = new HashMap<>();

    Host<M> add(Host<M> host) {
        if (host.id <= 0) {
            throw new IllegalArgumentException("node ids are positive, got " + host.id);
        }
        if (byId.putIfAbsent(host.id, host) != null) {
            throw new IllegalArgumentException("node " + host.id + " exists already");
        }
        return host;
    }

    boolean contains(int id) {
        return byId.containsKey(id);
    }

    /** The host, or an exception naming the ids there are. */
    Host<M> get(int id) {
        Host<M> host = byId.get(id);
        if (host == null) {
            throw new IllegalArgumentException("no node " + id + " (nodes: " + byId.keySet() + ")");
        }
        return host;
    }

    /** The host, or null if there is none with this id. */
    Host<M> find(int id) {
        return byId.get(id);
    }

    /** The host if it runs this incarnation now, else null. */
    Host<M> live(int id, int incarnation) {
        Host<M> host = byId.get(id);
        return host != null && host.isLive(incarnation) ? host : null;
    }

    /** The ids, ascending (a live view). */
    Set<Integer> ids() {
        return byId.navigableKeySet();
    }

    Iterable<Host<M>> all() {
        return byId.values();
    }

    void name(int id, String name) {
        get(id);
        names.put(id, name);
    }

    @Override
    public String name(int id) {
        return names.getOrDefault(id, "n" + id);
    }

    @Override
    public LinkAcceptor acceptor(int server, int incarnation) {
        Host<M> host = byId.get(server);
        boolean live = host != null && host.up && (incarnation < 0 || host.incarnation == incarnation);
        return live && host.node instanceof LinkAcceptor acceptor ? acceptor : null;
    }

    @Override
    public int incarnation(int server) {
        return get(server).incarnation;
    }
}
