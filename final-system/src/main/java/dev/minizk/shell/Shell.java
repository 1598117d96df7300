package dev.minizk.shell;

import dev.minizk.client.Watcher;
import dev.minizk.client.ZkClient;
import dev.minizk.net.ThreadedClientRuntime;
import dev.minizk.net.ThreadedClientRuntime.TcpZkClient;
import dev.minizk.proto.KeeperState;
import dev.minizk.proto.WatcherEvent;
import dev.minizk.recipes.SessionEvents;
import dev.minizk.tree.EventType;
import dev.minizk.tree.KeeperException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code minizk cli}: a small zkCli. It runs the course's own client ({@link ZkClient}) over TCP
 * ({@link ThreadedClientRuntime}), so every command is also a test of stage 02's client.
 *
 * <p>Results go to {@code out}; a failure is one line on {@code err} (zkCli's wording for server
 * errors, {@code bad argument: ...} for bad input); watch events are printed to {@code out} from
 * the client's event thread as they arrive, zkCli style.
 */
public final class Shell implements AutoCloseable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_USAGE = 2;

    private final TcpZkClient connection;
    private final String server;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Commands commands;
    private final RecipeCommands recipes;
    private int commandNumber;

    private Shell(TcpZkClient connection, String server, EventPrinter printer, PrintWriter out, PrintWriter err) {
        this.connection = connection;
        this.server = server;
        this.out = out;
        this.err = err;
        this.commands = new Commands(connection.client(), printer, this::print);
        this.recipes = new RecipeCommands(connection.client(), printer.session, connection.runtime()::dispatchEvent, this::print);
        recipes.commands().forEach(commands::add);
    }

    /**
     * Connects to the servers and waits for the session.
     *
     * @throws IllegalArgumentException for a bad connect string (the message names the bad part)
     * @throws KeeperException          CONNECTIONLOSS when no server answered within the timeout
     */
    public static Shell connect(String server, int sessionTimeout, PrintWriter out, PrintWriter err) {
        EventPrinter printer = new EventPrinter(out);
        TcpZkClient connection = ThreadedClientRuntime.connect(server, sessionTimeout, printer);
        return new Shell(connection, server, printer, out, err);
    }

    /** Reads commands until {@code quit} or the end of input; the exit code is the last command's. */
    public int run(BufferedReader in, boolean prompt) throws IOException {
        int last = OK;
        while (true) {
            if (prompt) {
                out.print("[zk: " + server + "(" + connection.client().state() + ") " + commandNumber + "] ");
                out.flush();
            }
            String line = in.readLine();
            if (line == null) {
                return last;
            }
            List<String> words;
            try {
                words = Tokenizer.split(line);
            } catch (BadArgumentException e) {
                err.println("bad argument: " + e.getMessage());
                err.flush();
                last = BAD_USAGE;
                continue;
            }
            if (words.isEmpty() && recipes.lockInUse()) {
                last = execute(List.of("unlock")); // Enter releases the lock this shell holds
                continue;
            }
            if (words.isEmpty() || words.get(0).startsWith("#")) {
                continue;
            }
            if (words.get(0).equals("quit") || words.get(0).equals("exit")) {
                return last;
            }
            last = execute(words);
        }
    }

    /** Runs one command (its name and words); returns {@link #OK}, {@link #FAILED} or {@link #BAD_USAGE}. */
    public int execute(List<String> words) {
        commandNumber++;
        String name = words.get(0);
        try {
            if (name.equals("help")) {
                help();
                return OK;
            }
            Commands.Command command = commands.find(name);
            if (command == null) {
                throw new BadArgumentException("unknown command '" + name + "' (try help)");
            }
            command.handler().run(words.subList(1, words.size()));
            return OK;
        } catch (BadArgumentException e) {
            fail("bad argument: " + e.getMessage());
            return BAD_USAGE;
        } catch (KeeperException e) {
            fail(ZkText.error(e));
            return FAILED;
        } catch (IllegalArgumentException e) {
            // the client refuses a malformed path before sending it
            fail("bad argument: " + e.getMessage());
            return BAD_USAGE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * After a one-command {@code minizk cli lock PATH} (or {@code elect}, {@code members}): the
     * recipe lives as long as the session, so wait for Enter (or the end of input), release a lock
     * that is held, and return.
     */
    public int holdRecipesUntilEnter(BufferedReader in) throws IOException {
        if (!recipes.anyRunning()) {
            return OK;
        }
        in.readLine();
        return recipes.lockInUse() ? execute(List.of("unlock")) : OK;
    }

    private void help() {
        StringBuilder text = new StringBuilder("minizk cli (zkCli-style commands; options before the path)");
        for (Commands.Command command : commands.all()) {
            text.append(String.format("%n  %-52s %s", command.usage(), command.summary()));
        }
        text.append(String.format("%n  %-52s %s", "help", "this list"));
        text.append(String.format("%n  %-52s %s", "quit", "close the session and leave"));
        print(text.toString());
    }

    private void print(String text) {
        out.println(text);
        out.flush();
    }

    private void fail(String line) {
        err.println(line);
        err.flush();
    }

    @Override
    public void close() {
        connection.close();
    }

    /**
     * Prints every watch event, zkCli style, except the first SyncConnected: that one is the
     * connection the shell just waited for, and printing it would race with the first command.
     */
    static final class EventPrinter implements Watcher {
        private final PrintWriter out;
        private final AtomicBoolean connectedOnce = new AtomicBoolean();
        /** The recipes' view of the session (Expired!): every connection state goes there too. */
        final SessionEvents session = new SessionEvents();

        EventPrinter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void process(WatcherEvent event) {
            if (event.type() == EventType.NONE) {
                session.process(event);
            }
            if (event.state() == KeeperState.SYNC_CONNECTED && event.path() == null && connectedOnce.compareAndSet(false, true)) {
                return;
            }
            if (event.state() == KeeperState.CLOSED) {
                return; // the shell is leaving; nobody asked
            }
            out.println(ZkText.event(event));
            out.flush();
        }
    }
}
