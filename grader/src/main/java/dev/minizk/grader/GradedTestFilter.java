package dev.minizk.grader;

import java.util.List;
import java.util.Set;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Keeps the tests that carry a task tag ({@code NN.K}) and whose class is not
 * excluded. Works for any engine that reports JUnit tags (Jupiter, jqwik).
 */
final class GradedTestFilter implements PostDiscoveryFilter {

    private final Set<String> excludedClasses;

    GradedTestFilter(Set<String> excludedClasses) {
        this.excludedClasses = excludedClasses;
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (gradedTags(descriptor.getTags()).isEmpty()) {
            return FilterResult.excluded("no task tag");
        }
        String className = className(descriptor.getSource().orElse(null));
        if (className != null && excludedClasses.contains(topLevel(className))) {
            return FilterResult.excluded("hidden test");
        }
        return FilterResult.included("graded");
    }

    static List<String> gradedTags(Set<TestTag> tags) {
        return tags.stream().map(TestTag::getName).filter(TaskId::isTaskId).sorted().toList();
    }

    static String className(TestSource source) {
        if (source instanceof MethodSource method) {
            return method.getClassName();
        }
        if (source instanceof ClassSource type) {
            return type.getClassName();
        }
        return null;
    }

    /** {@code a.B$C} → {@code a.B}: nested test classes belong to their source file's class. */
    static String topLevel(String className) {
        int dollar = className.indexOf('$');
        return dollar < 0 ? className : className.substring(0, dollar);
    }
}
