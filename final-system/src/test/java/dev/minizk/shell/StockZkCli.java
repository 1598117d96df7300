package dev.minizk.shell;

import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.ZooKeeperMain;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;

/** Stock zkCli (ZooKeeper 3.9.5's {@code ZooKeeperMain}), driven in-process, to compare the course shell with. */
final class StockZkCli {
    private static final Constructor<?> OPTIONS;
    private static final Method PARSE;
    private static final Method WORDS;

    static {
        try {
            // ZooKeeperMain.MyCommandOptions is package-private: the tokenizer zkCli runs on every line.
            Class<?> options = Class.forName("org.apache.zookeeper.ZooKeeperMain$MyCommandOptions");
            OPTIONS = options.getDeclaredConstructor();
            PARSE = options.getDeclaredMethod("parseCommand", String.class);
            WORDS = options.getDeclaredMethod("getArgArray");
            OPTIONS.setAccessible(true);
            PARSE.setAccessible(true);
            WORDS.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private StockZkCli() {
    }

    /** The words zkCli splits {@code line} into. */
    static List<String> words(String line) {
        try {
            Object options = OPTIONS.newInstance();
            boolean anyWord = (boolean) PARSE.invoke(options, line);
            return anyWord ? List.of((String[]) WORDS.invoke(options)) : List.of();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs {@code line} as zkCli would on the session of {@code zk} (it prints to System.out/err). */
    static void execute(ZooKeeper zk, String line) throws Exception {
        new ZooKeeperMain(zk).executeLine(line);
    }
}
