package dev.minizk.grader;

/** How one graded test ended. Only PASSED earns points. */
public enum TestStatus {
    PASSED,
    FAILED,
    /** An assumption did not hold, or the test or its class is disabled. */
    SKIPPED,
    /** The run was killed or crashed before the test ended. */
    DID_NOT_FINISH
}
