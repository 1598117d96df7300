package dev.minizk.zab;

import dev.minizk.txn.Zxid;

/**
 * What a follower and an observer share (ZooKeeper's {@code Learner}): connect to the elected
 * leader, accept its epoch (refusing an older one), install its snapshot, take NEWLEADER, wait
 * for UPTODATE, then follow its stream and answer its pings. The leader's connection is checked
 * like TCP checks a stream: every message must come in its place, and a gap (a lost message)
 * breaks the connection, which sends the learner back to LOOKING.
 */
public abstract class Learner implements Role {

    /** Where this learner is on its way to serving. */
    protected enum Phase {
        /** FOLLOWERINFO/OBSERVERINFO sent (again every tick); waiting for LEADERINFO. */
        CONNECTING,
        /** ACKEPOCH sent; waiting for SNAP, then the leader's uncommitted proposals, then NEWLEADER. */
        SYNCING,
        /** NEWLEADER acked; waiting for UPTODATE. */
        WAITING_FOR_UPTODATE,
        /** Up to date: following the leader's stream. */
        SERVING
    }

    protected final ZabContext ctx;
    protected final History history;
    protected final int leader;
    /** The election round in which this server decided for {@code leader}. */
    protected final long electionRound;
    protected Phase phase = Phase.CONNECTING;
    private long epoch = -1;
    private boolean snapInstalled;
    /** What this server had delivered before the snapshot replaced it; UPTODATE must bring it back at least this far. */
    private long deliveredBeforeSync;
    private long ticks;
    private long lastHeardTick;

    protected Learner(ZabContext ctx, int leader, long electionRound) {
        this.ctx = ctx;
        this.history = ctx.history();
        this.leader = leader;
        this.electionRound = electionRound;
    }

    /** FOLLOWERINFO or OBSERVERINFO. */
    protected abstract PeerMessage info(long acceptedEpoch, long lastZxid);

    /** A PROPOSAL arrived after the snapshot. */
    protected abstract void onProposal(PeerMessage.Proposal proposal);

    /** An INFORM arrived after the snapshot. */
    protected abstract void onInform(PeerMessage.Inform inform);

    @Override
    public void start() {
        ctx.send(leader, info(ctx.acceptedEpoch(), history.lastLoggedZxid()));
    }

    @Override
    public void onMessage(int from, PeerMessage message) {
        if (from != leader) {
            ctx.trace("ignored, not from leader " + leader + ": " + message);
            return;
        }
        lastHeardTick = ticks;
        if (message instanceof PeerMessage.LeaderInfo info) {
            onLeaderInfo(info);
        } else if (message instanceof PeerMessage.Snap snap) {
            onSnap(snap);
        } else if (message instanceof PeerMessage.Proposal proposal) {
            if (expectStream(message)) {
                onProposal(proposal);
            }
        } else if (message instanceof PeerMessage.NewLeader newLeader) {
            onNewLeader(newLeader);
        } else if (message instanceof PeerMessage.UpToDate upToDate) {
            onUpToDate(upToDate);
        } else if (message instanceof PeerMessage.Commit commit) {
            if (expectStream(message)) {
                onCommit(commit);
            }
        } else if (message instanceof PeerMessage.Inform inform) {
            if (expectStream(message)) {
                onInform(inform);
            }
        } else if (message instanceof PeerMessage.Ping ping) {
            onPing(ping);
        } else if (message instanceof PeerMessage.FollowerInfo || message instanceof PeerMessage.ObserverInfo
                || message instanceof PeerMessage.AckEpoch || message instanceof PeerMessage.Ack) {
            ctx.trace("ignored (a learner's packet) from the leader: " + message);
        } else if (message instanceof PeerMessage.Election) {
            throw new IllegalArgumentException("election notifications go to the election, not to a learner");
        } else {
            throw new IllegalArgumentException("unknown peer message " + message);
        }
    }

    /** Discovery: accept the leader's new epoch, or refuse it if we promised a newer one. */
    private void onLeaderInfo(PeerMessage.LeaderInfo info) {
        if (phase != Phase.CONNECTING) {
            if (info.newEpoch() != epoch) {
                broken("a second LEADERINFO, e" + info.newEpoch() + " after e" + epoch);
            }
            return; // the answer to a FOLLOWERINFO sent again: we have it already
        }
        long accepted = ctx.acceptedEpoch();
        if (info.newEpoch() < accepted) {
            ctx.roleEnded(this, "refuses leader " + leader + "'s epoch " + info.newEpoch() + ": it accepted epoch " + accepted);
            return;
        }
        long current = PeerMessage.AckEpoch.ALREADY_ACCEPTED;
        if (info.newEpoch() > accepted) {
            ctx.setAcceptedEpoch(info.newEpoch());
            current = ctx.currentEpoch();
        }
        epoch = info.newEpoch();
        phase = Phase.SYNCING;
        ctx.send(leader, new PeerMessage.AckEpoch(current, history.lastLoggedZxid()));
    }

    private void onSnap(PeerMessage.Snap snap) {
        if (phase != Phase.SYNCING || snapInstalled) {
            broken("SNAP in phase " + phase);
            return;
        }
        deliveredBeforeSync = history.lastCommittedZxid();
        history.restore(snap.snapshot(), snap.zxid());
        snapInstalled = true;
    }

    /** Proposals, commits and informs come only after the snapshot. */
    private boolean expectStream(PeerMessage message) {
        if (phase == Phase.CONNECTING || !snapInstalled) {
            broken(message + " before the snapshot");
            return false;
        }
        return true;
    }

    private void onNewLeader(PeerMessage.NewLeader newLeader) {
        if (phase != Phase.SYNCING || !snapInstalled || newLeader.epoch() != epoch) {
            broken(newLeader + " in phase " + phase + (snapInstalled ? "" : " without a snapshot") + " (epoch " + epoch + ")");
            return;
        }
        // ZooKeeper's order (ZOOKEEPER-4394 and kin): the synced txns durable, then currentEpoch, then the ACK.
        ctx.whenLogged(this, () -> {
            ctx.setCurrentEpoch(epoch);
            ctx.noteEstablished(epoch, leader);
            phase = Phase.WAITING_FOR_UPTODATE;
            ctx.send(leader, new PeerMessage.Ack(newLeader.zxid()));
        });
    }

    private void onUpToDate(PeerMessage.UpToDate upToDate) {
        if (phase != Phase.WAITING_FOR_UPTODATE || upToDate.committedZxid() > history.lastLoggedZxid()) {
            broken(upToDate + " in phase " + phase + ", logged up to " + Zxid.format(history.lastLoggedZxid()));
            return;
        }
        history.commitUpTo(upToDate.committedZxid());
        if (history.lastCommittedZxid() < deliveredBeforeSync) {
            throw new IllegalStateException("server " + ctx.id() + " had delivered up to " + Zxid.format(deliveredBeforeSync)
                    + " but leader " + leader + "'s history ends at " + Zxid.format(history.lastCommittedZxid())
                    + ": a committed txn is lost");
        }
        phase = Phase.SERVING;
        ctx.trace("up to date with leader " + leader + " in epoch " + epoch + ", " + history);
    }

    /**
     * COMMIT of {@code zxid}: the leader commits in zxid order, so everything logged up to it is
     * committed. It must name a txn we logged and have not delivered.
     */
    private void onCommit(PeerMessage.Commit commit) {
        if (commit.zxid() <= history.lastCommittedZxid() || commit.zxid() > history.lastLoggedZxid()) {
            broken(commit + " while committed " + Zxid.format(history.lastCommittedZxid())
                    + ", logged " + Zxid.format(history.lastLoggedZxid()));
            return;
        }
        history.commitUpTo(commit.zxid());
    }

    /**
     * The leader's heartbeat. Everything it proposed and committed before the ping was sent on
     * this connection before it, so holding less means a message was lost. Answer with ours.
     */
    private void onPing(PeerMessage.Ping ping) {
        if (snapInstalled && proposalsMissed(ping.lastZxid())) {
            broken("the leader proposed up to " + Zxid.format(ping.lastZxid()) + ", we logged up to " + Zxid.format(history.lastLoggedZxid()));
            return;
        }
        if (phase == Phase.SERVING && history.lastCommittedZxid() < ping.committedZxid()) {
            broken("the leader committed up to " + Zxid.format(ping.committedZxid()) + ", we up to " + Zxid.format(history.lastCommittedZxid()));
            return;
        }
        // The answer goes out after the ACKs of everything logged so far, which wait for the disk:
        // the leader takes a logged zxid without its ACK before it as a lost ACK.
        long logged = history.lastLoggedZxid();
        long committed = history.lastCommittedZxid();
        ctx.whenLogged(this, () -> ctx.send(leader, new PeerMessage.Ping(logged, committed)));
    }

    /** Does the leader's last proposal say we missed one? (Observers get no proposals.) */
    protected abstract boolean proposalsMissed(long leaderLastZxid);

    /** Does {@code zxid} come right after {@code last}: the next counter of the same epoch, or the first of a later one? */
    protected static boolean follows(long last, long zxid) {
        if (zxid <= last) {
            return false;
        }
        return Zxid.epochOf(zxid) == Zxid.epochOf(last) ? zxid == last + 1 : Zxid.counterOf(zxid) == 1;
    }

    protected void broken(String why) {
        ctx.roleEnded(this, "connection to leader " + leader + " broken: " + why);
    }

    /**
     * Connecting and synchronizing must end within {@code initLimit} ticks of the role's start,
     * however chatty the leader is meanwhile (a lost NEWLEADER or UPTODATE leaves nothing else to
     * notice it by); once serving, the leader must not be silent for {@code syncLimit} ticks.
     */
    @Override
    public void onTick() {
        ticks++;
        if (phase != Phase.SERVING) {
            if (ticks > ctx.config().initLimit()) {
                ctx.roleEnded(this, "not up to date with leader " + leader + " within initLimit (" + phase + ")");
            } else if (phase == Phase.CONNECTING) {
                start(); // the leader may not have decided yet when our first FOLLOWERINFO arrived: connect again
            }
        } else if (ticks - lastHeardTick > ctx.config().syncLimit()) {
            ctx.roleEnded(this, "leader " + leader + " silent for " + (ticks - lastHeardTick) + " ticks");
        }
    }

    public int leader() {
        return leader;
    }

    public boolean isServing() {
        return phase == Phase.SERVING;
    }

    public long epoch() {
        return epoch;
    }

    @Override
    public String toString() {
        return name() + "[leader " + leader + " e" + epoch + " " + phase + ", " + history + "]";
    }
}
