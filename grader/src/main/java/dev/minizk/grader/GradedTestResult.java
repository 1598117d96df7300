package dev.minizk.grader;

/**
 * The outcome of one graded test.
 *
 * @param failure one line: "not implemented yet (TODO 01.3)" or "AssertionFailedError: expected …"; null when passed
 * @param details more lines for the failure (message, stack frames, output); may be null
 */
public record GradedTestResult(String task, String className, String methodName, String displayName, boolean hidden,
                               TestStatus status, String failure, String details) {

    public boolean passed() {
        return status == TestStatus.PASSED;
    }

    /** "ZnodeTreeTest > sequential names use the parent counter" */
    public String name() {
        return className.substring(className.lastIndexOf('.') + 1) + " > " + displayName;
    }
}
