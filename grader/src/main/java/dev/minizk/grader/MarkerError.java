package dev.minizk.grader;

/** One problem with a solution marker, printed as {@code path:line: message}. */
public record MarkerError(String path, int line, String message) {
    @Override
    public String toString() {
        return path + ":" + line + ": " + message;
    }
}
