package dev.minizk.grader;

/**
 * A problem the user can fix (a bad argument, a missing file, a manifest that
 * disagrees with the tests). The CLI prints its message as one line, without
 * a stack trace, and exits with {@link #exitCode()}.
 */
public class UserError extends RuntimeException {

    /** Bad input or configuration: not a grade. */
    public static final int CONFIG = 2;

    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UserError(String message) {
        this(message, CONFIG);
    }

    public UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
