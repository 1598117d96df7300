package dev.minizk.grader;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.platform.commons.JUnitException;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Where the classes the child JVM needs from the grader come from: the shaded
 * grader jar when run by {@code ./grade}, or {@code target/classes} and the
 * library jars when the grader runs inside its own tests.
 */
final class GraderClasspath {

    private GraderClasspath() {}

    static List<String> entries() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> anchor : List.of(GradedTestRunner.class, LauncherFactory.class, TestEngine.class,
                JUnitException.class, AssertionFailedError.class, ObjectMapper.class, JsonGenerator.class,
                JsonInclude.class)) {
            entries.add(locationOf(anchor));
        }
        return List.copyOf(entries);
    }

    private static String locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from", e);
        }
    }
}
