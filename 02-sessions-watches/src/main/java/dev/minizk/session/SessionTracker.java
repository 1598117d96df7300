package dev.minizk.session;

import dev.minizk.tree.EphemeralOwner;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The server's list of live sessions and when each one expires: ZooKeeper's
 * {@code SessionTrackerImpl} with its {@code ExpiryQueue}, driven by a clock the caller
 * passes in ({@code long now}, milliseconds) instead of a thread that sleeps.
 *
 * <p>Expiry is <em>bucketed</em>. Each touch moves a session's deadline to
 * {@code now + timeout} rounded up to the next multiple of {@code tickTime}, so all
 * sessions due within one tick share a bucket, and the server checks once per tick, at
 * the tick boundaries ({@link #nextExpiryCheck(long)}), instead of once per session.
 * The rounding is ZooKeeper's grace: a session never expires before its timeout has
 * passed, and at most one tick after.
 *
 * <p>An expired session is not removed at once. {@link #expire(long)} marks it
 * <em>closing</em>: it can no longer be touched or reconnected to, but it stays known
 * until the server has run the closeSession txn that deletes its ephemerals and calls
 * {@link #removeSession(long)}.
 */
public final class SessionTracker {
    /** ZooKeeper's {@code superSecret}, mixed into the seed of each session's password. */
    private static final long SUPER_SECRET = 0xB3415C00L;
    /** The top byte of a session id is the server id; 0xFF is reserved for TTL node owners. */
    private static final int MAX_SERVER_ID = 0xFE;

    private final int serverId;
    private final int tickTime;
    private final int minSessionTimeout;
    private final int maxSessionTimeout;
    private final long startTime;
    private long sessionsIssued;

    /** Every known session (live or closing), by id. */
    private final TreeMap<Long, Tracked> sessionsById = new TreeMap<>();
    /** Expiry time (a tick boundary) to the ids due then: ZooKeeper's {@code expiryMap}. */
    private final TreeMap<Long, Set<Long>> buckets = new TreeMap<>();

    /** A session with its place in the expiry queue. */
    private static final class Tracked {
        final Session session;
        long expiryTime;
        boolean closing;

        Tracked(Session session) {
            this.session = session;
        }
    }

    /**
     * @param serverId          goes into the top byte of every session id made here (0..254)
     * @param tickTime          the expiry bucket width in ms (ZooKeeper's {@code tickTime})
     * @param minSessionTimeout the smallest timeout a client gets (ZooKeeper: {@code 2 * tickTime})
     * @param maxSessionTimeout the largest timeout a client gets (ZooKeeper: {@code 20 * tickTime})
     * @param now               the clock when the server starts; seeds the session ids
     */
    public SessionTracker(int serverId, int tickTime, int minSessionTimeout, int maxSessionTimeout, long now) {
        if (serverId < 0 || serverId > MAX_SERVER_ID) {
            throw new IllegalArgumentException("serverId must be in 0.." + MAX_SERVER_ID + ", was " + serverId);
        }
        if (tickTime <= 0) {
            throw new IllegalArgumentException("tickTime must be positive, was " + tickTime);
        }
        if (minSessionTimeout <= 0 || minSessionTimeout > maxSessionTimeout) {
            throw new IllegalArgumentException("need 0 < minSessionTimeout <= maxSessionTimeout, was "
                    + minSessionTimeout + ".." + maxSessionTimeout);
        }
        this.serverId = serverId;
        this.tickTime = tickTime;
        this.minSessionTimeout = minSessionTimeout;
        this.maxSessionTimeout = maxSessionTimeout;
        this.startTime = now;
    }

    public int tickTime() {
        return tickTime;
    }

    /**
     * The timeout a client gets for the one it asked for.
     *
     * <p>Hint (02.1): the server does not argue, it clamps: anything below the minimum
     * becomes the minimum, anything above the maximum becomes the maximum.
     */
    public int negotiateTimeout(int requested) {
        // BEGIN SOLUTION 02.1
        return Math.max(minSessionTimeout, Math.min(maxSessionTimeout, requested));
        // STUB: return requested; // TODO 02.1: clamp into [minSessionTimeout, maxSessionTimeout]
        // END SOLUTION
    }

    /**
     * A new session id. Ids of different servers never collide, and a restarted server does
     * not reuse the ids of its previous run.
     *
     * <p>Hint (02.1): ZooKeeper's layout. Shift the start time left by 24 bits and then
     * <em>unsigned</em> right by 8 ({@code >>>}, so no sign bit leaks into the top byte);
     * put the server id into the top byte; that is the first id, and each further id is
     * one more. {@link EphemeralOwner#CONTAINER} marks container nodes, so an id must never
     * be equal to it.
     */
    public long nextSessionId() {
        // BEGIN SOLUTION 02.1
        long first = ((startTime << 24) >>> 8) | ((long) serverId << 56);
        if (first == EphemeralOwner.CONTAINER) {
            first++;
        }
        return first + sessionsIssued++;
        // END SOLUTION
    }

    /**
     * The password of a session: any unguessable secret would do, but ZooKeeper derives it
     * from the id, so every server of an ensemble can check a reconnect without storing it.
     *
     * <p>Hint (02.1): ZooKeeper's {@code generatePasswd}: 16 bytes from
     * {@code new java.util.Random(sessionId ^ 0xB3415C00L)}.
     */
    public static byte[] passwordFor(long sessionId) {
        // BEGIN SOLUTION 02.1
        byte[] password = new byte[Session.PASSWORD_LENGTH];
        new Random(sessionId ^ SUPER_SECRET).nextBytes(password);
        return password;
        // STUB: return new byte[Session.PASSWORD_LENGTH]; // TODO 02.1: ZooKeeper's password, not zeros
        // END SOLUTION
    }

    /**
     * Registers a session (called when a createSession txn is applied) and touches it. A
     * session that is already known keeps its record and is only touched.
     */
    public Session addSession(long sessionId, int timeout, long now) {
        Tracked tracked = sessionsById.get(sessionId);
        if (tracked == null) {
            tracked = new Tracked(new Session(sessionId, timeout, passwordFor(sessionId)));
            sessionsById.put(sessionId, tracked);
        }
        moveToBucket(tracked, expiryTime(now, tracked.session.timeout()));
        return tracked.session;
    }

    /**
     * The deadline of a session touched at {@code now}.
     *
     * <p>Hint (02.1): ZooKeeper's {@code ExpiryQueue.roundToNextInterval}: round
     * {@code now + timeout} up to the next multiple of {@code tickTime}. A time that is
     * already a multiple still moves on to the next one; integer division does it in one line.
     */
    long expiryTime(long now, int timeout) {
        // BEGIN SOLUTION 02.1
        long time = now + timeout;
        return (time / tickTime + 1) * tickTime;
        // STUB: return now + timeout; // TODO 02.1: round up to the next tick boundary
        // END SOLUTION
    }

    /**
     * A request or ping arrived for the session: its deadline moves to
     * {@code roundUp(now + timeout)}. False if the session is unknown or closing (the
     * server then answers SESSIONEXPIRED).
     *
     * <p>Hint (02.1): look the session up and refuse an unknown or closing one; otherwise
     * compute its new deadline and move it into that bucket ({@code moveToBucket}).
     */
    public boolean touch(long sessionId, long now) {
        // BEGIN SOLUTION 02.1
        Tracked tracked = sessionsById.get(sessionId);
        if (tracked == null || tracked.closing) {
            return false;
        }
        moveToBucket(tracked, expiryTime(now, tracked.session.timeout()));
        return true;
        // END SOLUTION
    }

    /**
     * The sessions whose deadline is {@code <= now}, in id order. They are marked closing
     * (touch fails from now on) but stay known until {@link #removeSession(long)}: the
     * server runs a closeSession txn for each. A session already closing is not returned
     * again, so one expiry gives one closeSession.
     *
     * <p>Hint (02.1): the buckets are sorted by time, so take buckets from the front while
     * their time is {@code <= now}, and remove each bucket you take. Collect the ids in a
     * sorted set, skip those already closing, and mark the rest closing.
     */
    public List<Long> expire(long now) {
        // BEGIN SOLUTION 02.1
        TreeSet<Long> expired = new TreeSet<>();
        while (!buckets.isEmpty() && buckets.firstKey() <= now) {
            for (long sessionId : buckets.pollFirstEntry().getValue()) {
                Tracked tracked = sessionsById.get(sessionId);
                if (tracked != null && !tracked.closing) {
                    tracked.closing = true;
                    expired.add(sessionId);
                }
            }
        }
        return List.copyOf(expired);
        // END SOLUTION
    }

    /** The client asked to close (or the server decided to): the session can no longer be touched. */
    public void setClosing(long sessionId) {
        Tracked tracked = sessionsById.get(sessionId);
        if (tracked != null) {
            tracked.closing = true;
        }
    }

    /** True for a known session that is closing; false for a live or an unknown one. */
    public boolean isClosing(long sessionId) {
        Tracked tracked = sessionsById.get(sessionId);
        return tracked != null && tracked.closing;
    }

    /** Forgets the session (its closeSession txn was applied). Unknown ids are ignored. */
    public void removeSession(long sessionId) {
        Tracked tracked = sessionsById.remove(sessionId);
        if (tracked != null) {
            leaveBucket(sessionId, tracked.expiryTime);
        }
    }

    /** The session, live or closing; empty once it was removed or if it never existed. */
    public Optional<Session> session(long sessionId) {
        Tracked tracked = sessionsById.get(sessionId);
        return tracked == null ? Optional.empty() : Optional.of(tracked.session);
    }

    /**
     * Whether a reconnect with this id and password may resume the session. An unknown or
     * closing session, or a wrong password, gives false (and the server answers with the
     * "invalid session" ConnectResponse). The comparison takes the same time however many
     * leading bytes match, so the password cannot be guessed byte by byte.
     */
    public boolean checkPassword(long sessionId, byte[] password) {
        Tracked tracked = sessionsById.get(sessionId);
        if (tracked == null || tracked.closing || password == null) {
            return false;
        }
        return MessageDigest.isEqual(tracked.session.password(), password);
    }

    /**
     * When the server should call {@link #expire(long)} next: the first tick boundary after
     * {@code now}. Deadlines are always tick boundaries, so checking there misses none.
     */
    public long nextExpiryCheck(long now) {
        return (now / tickTime + 1) * tickTime;
    }

    /** How many sessions are known, closing ones included. */
    public int count() {
        return sessionsById.size();
    }

    /** Every known session, closing ones included, sorted by id. */
    public List<Session> sessions() {
        List<Session> all = new ArrayList<>(sessionsById.size());
        for (Tracked tracked : sessionsById.values()) {
            all.add(tracked.session);
        }
        return all;
    }

    /** Puts the session into the bucket for {@code expiryTime}, leaving the one it was in. */
    private void moveToBucket(Tracked tracked, long expiryTime) {
        long sessionId = tracked.session.id();
        leaveBucket(sessionId, tracked.expiryTime);
        buckets.computeIfAbsent(expiryTime, time -> new TreeSet<>()).add(sessionId);
        tracked.expiryTime = expiryTime;
    }

    private void leaveBucket(long sessionId, long expiryTime) {
        Set<Long> bucket = buckets.get(expiryTime);
        if (bucket != null) {
            bucket.remove(sessionId);
            if (bucket.isEmpty()) {
                buckets.remove(expiryTime);
            }
        }
    }

    @Override
    public String toString() {
        Map<Long, Set<Long>> view = new TreeMap<>(buckets);
        return "SessionTracker[server " + serverId + ", " + sessionsById.size() + " sessions, buckets " + view + "]";
    }
}
