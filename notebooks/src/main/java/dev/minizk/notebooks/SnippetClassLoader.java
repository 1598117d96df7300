package dev.minizk.notebooks;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds the classes JShell compiles from snippets, plus the jars added with
 * {@code %jar}. Its parent is the platform class loader, not the application
 * one: a snippet must not see the test JVM's class path (JUnit, Jackson, the
 * stage classes), because in Jupyter it would not either.
 */
final class SnippetClassLoader extends URLClassLoader {

    private final Map<String, byte[]> snippetClasses = new ConcurrentHashMap<>();

    SnippetClassLoader() {
        super("notebook-snippets", new URL[0], ClassLoader.getPlatformClassLoader());
    }

    /** Registers (or replaces, when JShell redefines a snippet) the bytecode of a class. */
    void declare(String className, byte[] bytecode) {
        snippetClasses.put(className, bytecode);
    }

    void addJar(URL jar) {
        addURL(jar);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytecode = snippetClasses.get(name);
        if (bytecode == null) {
            return super.findClass(name);
        }
        return defineClass(name, bytecode, 0, bytecode.length);
    }
}
