package dev.minizk.shell;

import dev.minizk.client.ZkClient;
import dev.minizk.recipes.ExclusiveLock;
import dev.minizk.recipes.GroupMembership;
import dev.minizk.recipes.LeaderElection;
import dev.minizk.recipes.LockNodes;
import dev.minizk.recipes.SessionEvents;
import dev.minizk.tree.KeeperException;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Stage 06's recipes as shell commands, for demos in two terminals: {@code lock} (the holder
 * prints its fencing token and holds until Enter or {@code unlock}), {@code elect} (prints each
 * change of this participant's leadership; {@code resign} hands it on) and {@code members} (joins
 * and prints the live member list whenever it changes).
 *
 * <p>The recipes are state machines on the client's event thread: every call into them is
 * handed to that thread ({@code onEventThread}), and their callbacks print from it. The shell's
 * thread only checks arguments and reads what this class keeps in concurrent fields.
 */
final class RecipeCommands {
    private final ZkClient zk;
    private final SessionEvents session;
    private final Executor onEventThread;
    private final Consumer<String> print;
    private final Supplier<String> guids = LockNodes.guids(new Random());
    private volatile ExclusiveLock lock;
    private volatile String lockPath;
    private final Map<String, LeaderElection> elections = new ConcurrentHashMap<>();
    private final Map<String, GroupMembership> groups = new ConcurrentHashMap<>();

    RecipeCommands(ZkClient zk, SessionEvents session, Executor onEventThread, Consumer<String> print) {
        this.zk = zk;
        this.session = session;
        this.onEventThread = onEventThread;
        this.print = print;
    }

    List<Commands.Command> commands() {
        return List.of(
                new Commands.Command("lock", "lock path", "take a lock (Curator's layout), print its fencing token; Enter or unlock releases it",
                        this::lock),
                new Commands.Command("unlock", "unlock", "release the lock this shell holds or waits for", this::unlock),
                new Commands.Command("elect", "elect path [id]", "join a leader election; prints when this shell leads and when it stops",
                        this::elect),
                new Commands.Command("resign", "resign path", "leave an election (a leader hands leadership on)", this::resign),
                new Commands.Command("members", "members path [id]", "join a group as id and print the live member list as it changes",
                        this::members));
    }

    /** Whether a lock is held or awaited: then an empty line (Enter) releases it. */
    boolean lockInUse() {
        ExclusiveLock current = lock;
        // IDLE too: acquire is on its way to the event thread
        return current != null && current.state() != ExclusiveLock.State.RELEASED && current.state() != ExclusiveLock.State.LOST;
    }

    /** Whether any recipe runs in this shell (a one-command {@code minizk cli lock PATH} then waits for Enter). */
    boolean anyRunning() {
        return lockInUse() || !elections.isEmpty() || !groups.isEmpty();
    }

    private void lock(List<String> words) {
        String path = CommandArgs.parse("lock", words, Set.of(), Set.of()).expect(1, 1, "lock path").arg(0);
        if (lockInUse()) {
            throw new BadArgumentException("this shell already holds or waits for the lock on " + lockPath + ": unlock it first");
        }
        ExclusiveLock next = new ExclusiveLock(zk, session, path, guids); // refuses a bad path, naming it
        lock = next;
        lockPath = path;
        print.accept("waiting for the lock on " + path);
        onEventThread.execute(() -> {
            next.onLost(reason -> print.accept("lock " + path + " lost: " + reason));
            next.acquire().whenComplete((token, failure) -> {
                if (failure == null) {
                    print.accept("lock " + path + " held by node " + next.nodeName() + ", fencing token " + token
                            + " (0x" + Long.toHexString(token) + "); press Enter or type unlock to release it");
                } else if (next.state() != ExclusiveLock.State.RELEASED) {
                    print.accept("lock " + path + " not taken: " + reason(failure));
                }
            });
        });
    }

    private void unlock(List<String> words) {
        CommandArgs.parse("unlock", words, Set.of(), Set.of()).expect(0, 0, "unlock");
        ExclusiveLock current = lock;
        if (!lockInUse()) {
            throw new BadArgumentException("this shell holds no lock (lock PATH takes one)");
        }
        String path = lockPath;
        onEventThread.execute(() -> current.release().whenComplete((ignored, failure) ->
                print.accept(failure == null ? "lock " + path + " released" : "lock " + path + " not released: " + reason(failure))));
        lock = null;
    }

    private void elect(List<String> words) {
        CommandArgs args = CommandArgs.parse("elect", words, Set.of(), Set.of()).expect(1, 2, "elect path [id]");
        String path = args.arg(0);
        String id = args.count() > 1 ? args.arg(1) : defaultId();
        if (elections.containsKey(path)) {
            throw new BadArgumentException("this shell already takes part in the election at " + path);
        }
        LeaderElection election = new LeaderElection(zk, session, path, id, guids, new LeaderElection.Listener() {
            @Override
            public void isLeader() {
                print.accept("election " + path + ": " + id + " leads now");
            }

            @Override
            public void notLeader() {
                print.accept("election " + path + ": " + id + " does not lead any more");
            }
        });
        elections.put(path, election);
        print.accept("joined the election at " + path + " as " + id);
        onEventThread.execute(election::start);
    }

    private void resign(List<String> words) {
        String path = CommandArgs.parse("resign", words, Set.of(), Set.of()).expect(1, 1, "resign path").arg(0);
        LeaderElection election = elections.remove(path);
        if (election == null) {
            throw new BadArgumentException("path '" + path + "' is no election this shell joined (elect PATH joins one)");
        }
        onEventThread.execute(election::close);
        print.accept("left the election at " + path);
    }

    private void members(List<String> words) {
        CommandArgs args = CommandArgs.parse("members", words, Set.of(), Set.of()).expect(1, 2, "members path [id]");
        String path = args.arg(0);
        String id = args.count() > 1 ? args.arg(1) : defaultId();
        if (id.isEmpty() || id.contains("/")) {
            throw new BadArgumentException("id '" + id + "' must be a name without '/'");
        }
        if (groups.containsKey(path)) {
            throw new BadArgumentException("this shell already is a member of " + path);
        }
        GroupMembership group = new GroupMembership(zk, path, live -> print.accept("members of " + path + ": " + live));
        groups.put(path, group);
        print.accept("joining " + path + " as " + id);
        onEventThread.execute(() -> group.join(id).whenComplete((ignored, failure) -> {
            if (failure != null) {
                groups.remove(path);
                print.accept("could not join " + path + " as " + id + ": " + reason(failure));
            } else {
                group.watch();
            }
        }));
    }

    /** A failed future's cause in zkCli's words. */
    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof KeeperException e ? ZkText.error(e) : String.valueOf(cause.getMessage());
    }

    private String defaultId() {
        return "session-" + Long.toHexString(zk.sessionId());
    }
}
