package dev.minizk.notebooks;

import java.io.File;
import java.net.MalformedURLException;
import java.util.HashMap;
import java.util.Map;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Loads snippet classes for JShell's in-process engine through a
 * {@link SnippetClassLoader}. JShell's own delegate parents its loader on the
 * application class loader; this one does the same work with an isolated loader.
 */
final class IsolatedLoaderDelegate implements LoaderDelegate {

    private final SnippetClassLoader loader = new SnippetClassLoader();
    private final Map<String, Class<?>> loaded = new HashMap<>();

    IsolatedLoaderDelegate() {
        // Library code that looks classes up through the context loader
        // (ServiceLoader, for example) must find the snippet classes and jars.
        Thread.currentThread().setContextClassLoader(loader);
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException {
        for (ClassBytecodes cbc : classes) {
            loader.declare(cbc.name(), cbc.bytecodes());
        }
        boolean[] installed = new boolean[classes.length];
        try {
            for (int i = 0; i < classes.length; i++) {
                Class<?> klass = loader.loadClass(classes[i].name());
                klass.getDeclaredMethods(); // link now, so a missing dependency fails here and not mid-run
                loaded.put(classes[i].name(), klass);
                installed[i] = true;
            }
        } catch (Throwable e) {
            throw new ClassInstallException("load: " + e, installed);
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] classes) {
        for (ClassBytecodes cbc : classes) {
            loader.declare(cbc.name(), cbc.bytecodes());
        }
    }

    @Override
    public void addToClasspath(String classPath) throws InternalException {
        try {
            for (String entry : classPath.split(File.pathSeparator)) {
                loader.addJar(new File(entry).toURI().toURL());
            }
        } catch (MalformedURLException e) {
            throw new InternalException("bad class path entry in " + classPath + ": " + e.getMessage());
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> klass = loaded.get(name);
        if (klass == null) {
            throw new ClassNotFoundException(name + " was not loaded as a snippet class");
        }
        return klass;
    }
}
