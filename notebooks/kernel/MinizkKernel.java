import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.Transform;
import org.rapaio.jupyter.kernel.core.magic.MagicEngine;
import org.rapaio.jupyter.kernel.core.magic.MagicEvalException;
import org.rapaio.jupyter.kernel.core.magic.MagicHandler;
import org.rapaio.jupyter.kernel.core.magic.MagicSnippet;
import org.rapaio.jupyter.kernel.core.magic.SnippetMagicHandler;
import org.rapaio.jupyter.kernel.core.magic.handlers.JarMagicHandler;
import org.rapaio.jupyter.kernel.core.RapaioKernel;
import org.rapaio.jupyter.kernel.display.DisplaySystem;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Starts rapaio-jupyter-kernel 3.0.1 the way its own MainApp does, with four fixes, so that the
 * notebooks' kernel always starts and keeps its secret:
 *
 * <ol>
 *   <li><b>The start-up race.</b> {@code Channels.connect} starts the shell socket's thread before
 *   it assigns its message-handler map. Jupyter queues its first kernel_info_request before the
 *   kernel even runs, so the shell thread can read that request while the map is still null:
 *   {@code getHandler} then throws a NullPointerException outside the loop's try, the shell
 *   thread dies, and every later request goes unanswered ("Kernel didn't respond in 60 seconds").
 *   If the map exists but is still being filled, the request is only logged as "Unhandled
 *   message" and Jupyter's retry a second later is answered. So the map is set, non-null, before
 *   {@code connect}: the fatal case becomes the harmless one.</li>
 *   <li><b>The loop that never runs.</b> A channel's loop thread can end before its first poll
 *   (see {@link #restartLoopsThatNeverRan}); it gets a new thread.</li>
 *   <li><b>The log.</b> MainApp logs the whole connection file, HMAC key included, to stderr,
 *   which Jupyter passes to the terminal. Here the kernel's log goes to a file only its user
 *   can read; only warnings reach stderr, and the connection file is never logged.</li>
 *   <li><b>{@code %jar} output.</b> The kernel's own {@code %jar} prints each jar's absolute
 *   path ("Add /home/…/target/x.jar to classpath"), a machine path in every saved notebook;
 *   {@link RelativeJarMagic} says "added" and the path as the cell wrote it.</li>
 * </ol>
 *
 * Compiled by install-kernel.sh against the kernel jar; the kernel spec runs this class.
 */
public final class MinizkKernel {
    /** How long after connect() a loop thread that lost the start-up race has surely ended. */
    private static final long SETTLE_MILLIS = 1_000;

    private MinizkKernel() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: MinizkKernel CONNECTION_FILE");
        }
        System.setProperty("java.util.logging.SimpleFormatter.format", "[%1$tF %1$tT] [%4$-7s] %3$s: %5$s%6$s%n");
        Path log = logToPrivateFile();
        Logger logger = Logger.getLogger(MinizkKernel.class.getSimpleName());
        logger.info("kernel starting; connection file " + args[0] + "; log " + log);

        ConnectionProperties connection = Transform.fromJson(
                Files.readString(Path.of(args[0]), StandardCharsets.UTF_8), ConnectionProperties.class);
        if ("ipc".equals(connection.transport())) {
            throw new IllegalArgumentException("the ipc transport is not supported; Jupyter's default is tcp");
        }
        useRelativeJarMagic();
        Channels channels = new Channels(connection);
        Field handlers = Channels.class.getDeclaredField("handlers");
        handlers.setAccessible(true);
        handlers.set(channels, new ConcurrentHashMap<>()); // never null: see the class comment
        channels.connect(MainApp.kernel);
        restartLoopsThatNeverRan(channels, logger);
        channels.joinUntilClose();
    }

    /**
     * The second race: {@code LoopThread.start()} starts the thread first and only then sets its
     * {@code running} flag, so a thread scheduled at once reads false and ends before its first
     * poll, silently. If that was the shell's loop, nothing is ever answered; the control's, no
     * interrupt or shutdown; the heartbeat's, Jupyter later calls the kernel dead. Every start()
     * has returned once connect() has, so a loop thread that is not alive a moment later was
     * such a victim: it gets a new thread on the same loop body, its flag set before it starts.
     */
    private static void restartLoopsThatNeverRan(Channels channels, Logger logger) throws Exception {
        Thread.sleep(SETTLE_MILLIS); // a victim needs only to return from run(); give it time to
        Field all = Channels.class.getDeclaredField("channels");
        all.setAccessible(true);
        for (Object channel : (Set<?>) all.get(channels)) {
            Field loopField;
            try {
                loopField = channel.getClass().getDeclaredField("loopThread");
            } catch (NoSuchFieldException e) {
                continue; // iopub and stdin have no loop of their own
            }
            loopField.setAccessible(true);
            LoopThread loop = (LoopThread) loopField.get(channel);
            if (loop == null || loop.isAlive()) {
                continue;
            }
            LoopThread replacement = new LoopThread(loop.getName(), (long) field(loop, "sleep"), (Runnable) field(loop, "loopBody"));
            Field running = LoopThread.class.getDeclaredField("running");
            running.setAccessible(true);
            running.set(replacement, true); // before start(): the race cannot happen again
            loopField.set(channel, replacement);
            replacement.start();
            logger.warning("restarted " + channel.getClass().getSimpleName() + "'s loop " + loop.getName()
                    + ", which ended before its first poll (LoopThread start-up race)");
        }
    }

    /** Puts {@link RelativeJarMagic} ahead of the kernel's own line {@code %jar} (the first handler that accepts a snippet runs it). */
    @SuppressWarnings("unchecked")
    private static void useRelativeJarMagic() throws ReflectiveOperationException {
        Field field = MagicEngine.class.getDeclaredField("magicHandlers");
        field.setAccessible(true);
        List<MagicHandler> handlers = (List<MagicHandler>) field.get(null);
        for (int i = 0; i < handlers.size(); i++) {
            if (handlers.get(i) instanceof JarMagicHandler) {
                handlers.add(i, new RelativeJarMagic());
                return;
            }
        }
        throw new IllegalStateException("the kernel has no %jar handler to put RelativeJarMagic ahead of");
    }

    /**
     * {@code %jar PATH}, as the kernel's own (PATH relative to the notebook's folder; a folder adds
     * every jar in it), but it reports the path as written, so a saved notebook's output holds no
     * machine path, and a missing jar names the build command.
     */
    static final class RelativeJarMagic extends MagicHandler {
        private static final String PREFIX = "%jar";

        @Override
        public String name() {
            return "Jar magic handler (minizk: paths as written)";
        }

        @Override
        public List<String> helpMessage() {
            return List.of("Adds a jar, or every jar in a folder, to the class path; the path is relative to the notebook's folder.");
        }

        @Override
        public List<SnippetMagicHandler> snippetMagicHandlers() {
            return List.of(SnippetMagicHandler.lineMagic()
                    .syntaxMatcher("%jar .*")
                    .syntaxHelp(List.of("%jar path_to_jar_or_folder_of_jars"))
                    .syntaxPrefix(PREFIX)
                    .documentation(helpMessage())
                    .canHandlePredicate(this::canHandleSnippet)
                    .evalFunction(this::addJars)
                    .build());
        }

        @Override
        public boolean canHandleSnippet(MagicSnippet snippet) {
            return snippet.isLineMagic() && snippet.line(0).code().startsWith(PREFIX + " ");
        }

        private Object addJars(RapaioKernel kernel, MagicSnippet snippet) throws MagicEvalException {
            String written = snippet.line(0).code().substring(PREFIX.length()).trim();
            File file = kernel.executionContext().getRelativePath(Path.of(written)).toAbsolutePath().toFile();
            if (!file.exists()) {
                throw new MagicEvalException(snippet, "no such jar or folder: " + written + " (relative to the notebook's"
                        + " folder; build the course jars: mvn -q -pl notebooks -am package -DskipTests)");
            }
            File[] jars = file.isDirectory() ? file.listFiles(f -> f.getName().endsWith(".jar")) : new File[] {file};
            if (jars == null || jars.length == 0 || !jars[0].getName().endsWith(".jar")) {
                throw new MagicEvalException(snippet, "not a jar, nor a folder with jars: " + written);
            }
            Arrays.sort(jars);
            for (File jar : jars) {
                kernel.javaEngine().getShell().addToClasspath(jar.getAbsolutePath());
                String shown = file.isDirectory() ? written.replaceAll("/+$", "") + "/" + jar.getName() : written;
                kernel.channels().writeToStdOut("added " + shown + "\n");
            }
            DisplaySystem.inst().refreshSpiDisplayHandlers(); // as the kernel's own %jar does
            return null;
        }
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }

    /** Everything at INFO and above to the log file (mode 600), warnings also to stderr. */
    private static Path logToPrivateFile() throws IOException {
        String state = System.getenv("XDG_STATE_HOME");
        Path folder = (state == null || state.isBlank() ? Path.of(System.getProperty("user.home"), ".local", "state") : Path.of(state))
                .resolve("minizk-java");
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        Path log = folder.resolve("kernel.log");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        FileHandler file = new FileHandler(log.toString(), 4_000_000, 1, true);
        file.setFormatter(new SimpleFormatter());
        root.addHandler(file);
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-------"));
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.WARNING);
        root.addHandler(console);
        return log;
    }
}
