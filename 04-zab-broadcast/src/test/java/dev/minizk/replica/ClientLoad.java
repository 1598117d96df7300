package dev.minizk.replica;

import dev.minizk.history.History;
import dev.minizk.history.HistoryRecorder;
import dev.minizk.tree.CreateMode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The fuzzer's clients: a few of the course's {@link HistoryClient}s in the ensemble's world,
 * each with at most two calls in flight, drawing from a small key space so that they collide:
 * conditional setData (with the version last read), unconditional ones, a multi that checks one
 * node's version and sets another's, sequential creates under {@code /q}, ephemerals created and
 * deleted, reads with and without watches, and {@code sync}. A client whose session expired
 * records the expiry and is replaced by a new one on the same machine slot.
 */
public final class ClientLoad {
    static final List<String> KEYS = List.of("/k0", "/k1", "/k2");
    static final String QUEUE = "/q";
    private static final int SESSION_TIMEOUT_MILLIS = 2_000;

    /** One client's place: its current client and the versions it last saw. */
    private static final class Slot {
        final int index;
        HistoryClient client;
        int generation;
        final Map<String, Integer> versions = new HashMap<>();

        Slot(int index) {
            this.index = index;
        }
    }

    private final ServingEnsemble e;
    private final Random random;
    private final HistoryRecorder recorder = new HistoryRecorder();
    private final List<Slot> slots = new ArrayList<>();
    private int opsIssued;
    private int expiries;

    public ClientLoad(ServingEnsemble e, Random random, int clients) {
        this.e = e;
        this.random = random;
        for (int i = 0; i < clients; i++) {
            Slot slot = new Slot(i);
            slot.client = newClient(slot);
            slots.add(slot);
        }
    }

    private HistoryClient newClient(Slot slot) {
        List<Integer> members = new ArrayList<>(e.verifier.members());
        int first = members.get((slot.index + slot.generation) % members.size());
        String name = "c" + slot.index + (slot.generation == 0 ? "" : "." + slot.generation);
        slot.generation++;
        return new HistoryClient(e.sim, e.clientMachine(name, first), SESSION_TIMEOUT_MILLIS, recorder);
    }

    /** Connects every client and creates the key space (the first client's creates are ops of the history too). */
    public void start() {
        if (!e.sim.runUntil(this::allConnected, 20_000)) {
            throw new AssertionError("the clients did not connect within 20 s\n" + e);
        }
        HistoryClient first = slots.get(0).client;
        List<CompletableFuture<?>> creates = new ArrayList<>();
        for (String key : KEYS) {
            creates.add(first.create(key, "", CreateMode.PERSISTENT));
        }
        creates.add(first.create(QUEUE, "", CreateMode.PERSISTENT));
        if (!e.sim.runUntil(() -> creates.stream().allMatch(CompletableFuture::isDone), 20_000)) {
            throw new AssertionError("the key space was not created within 20 s\n" + e);
        }
    }

    boolean allConnected() {
        return slots.stream().allMatch(s -> s.client.connected());
    }

    /** One step of load: replace expired clients, and give each idle enough client a call now and then. */
    public void step() {
        for (Slot slot : slots) {
            if (slot.client.expired()) {
                slot.client.recordExpiry();
                expiries++;
                slot.versions.clear();
                slot.client = newClient(slot);
            } else if (slot.client.connected() && slot.client.inFlight() < 2 && random.nextBoolean()) {
                issue(slot);
            }
        }
    }

    private void issue(Slot slot) {
        HistoryClient c = slot.client;
        String key = KEYS.get(random.nextInt(KEYS.size()));
        String data = "c" + slot.index + "-" + (++opsIssued);
        String ephemeral = "/e" + slot.index + "-" + random.nextInt(2);
        switch (random.nextInt(12)) {
            case 0, 1 -> c.setData(key, data, slot.versions.getOrDefault(key, -1)).whenComplete((stat, failure) -> {
                if (stat != null) {
                    slot.versions.put(key, stat.version());
                } else {
                    slot.versions.remove(key);
                }
            });
            case 2 -> c.setData(key, data, -1);
            case 3, 4 -> c.getData(key, random.nextBoolean()).thenAccept(d -> slot.versions.put(key, d.stat().version()));
            case 5 -> c.create(QUEUE + "/s-", data, CreateMode.PERSISTENT_SEQUENTIAL);
            case 6 -> c.create(ephemeral, data, CreateMode.EPHEMERAL);
            case 7 -> c.delete(ephemeral, -1);
            case 8 -> c.exists(ephemeral, random.nextBoolean());
            case 9 -> c.getChildren(QUEUE, random.nextInt(4) == 0);
            case 10 -> c.sync(key);
            default -> {
                String other = KEYS.get(random.nextInt(KEYS.size()));
                c.checkAndSet(other, slot.versions.getOrDefault(other, 0), key, data);
            }
        }
    }

    /**
     * After the heal: every client (a fresh one where the session expired) must be served a
     * {@code sync} and then a read. A client whose attempt ends in connection loss (its server
     * went away before it noticed) tries again once connected. Returns how many were served
     * within {@code maxMillis}.
     */
    public int serveEveryClient(long maxMillis) {
        step(); // replaces the expired ones
        Map<Slot, CompletableFuture<Object>> attempts = new HashMap<>();
        List<Slot> served = new ArrayList<>();
        long deadline = e.sim.now() + maxMillis;
        while (served.size() < slots.size() && e.sim.now() < deadline) {
            for (Slot slot : slots) {
                CompletableFuture<Object> attempt = attempts.get(slot);
                if (served.contains(slot)) {
                    continue;
                }
                if (attempt != null && attempt.isDone()) {
                    if (!attempt.isCompletedExceptionally()) {
                        served.add(slot);
                        continue;
                    }
                    attempts.remove(slot);
                }
                if (slot.client.expired()) {
                    step();
                } else if (!attempts.containsKey(slot) && slot.client.connected()) {
                    attempts.put(slot, syncThenRead(slot.client));
                }
            }
            e.sim.runFor(20);
        }
        return served.size();
    }

    private CompletableFuture<Object> syncThenRead(HistoryClient c) {
        CompletableFuture<Object> read = new CompletableFuture<>();
        c.sync(KEYS.get(0)).whenComplete((path, failure) -> {
            if (failure != null) {
                read.completeExceptionally(failure);
            } else {
                c.exists(KEYS.get(0), false).whenComplete((d, f) -> {
                    if (f != null) {
                        read.completeExceptionally(f);
                    } else {
                        read.complete(d);
                    }
                });
            }
        });
        return read;
    }

    /** What the clients saw, for the checker (each client's last reconnection batch recorded first). */
    public History history() {
        for (Slot slot : slots) {
            slot.client.flushAtEnd();
        }
        return recorder.history();
    }

    public int opsRecorded() {
        return recorder.history().ops().size();
    }

    public int clients() {
        return slots.size();
    }

    public int expiries() {
        return expiries;
    }
}
