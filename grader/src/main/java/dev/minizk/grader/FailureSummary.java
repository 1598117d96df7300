package dev.minizk.grader;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a test failure into the one line a student sees first, plus a few lines of detail. */
public final class FailureSummary {

    private static final Pattern TODO = Pattern.compile("^TODO (\\d\\d\\.\\d+)$");
    private static final Pattern QUOTED_TODO = Pattern.compile("UnsupportedOperationException: TODO (\\d\\d\\.\\d+)");
    private static final String NOT_IMPLEMENTED = "not implemented yet (TODO ";
    private static final int MAX_LINE = 200;
    private static final int MAX_MESSAGE_LINES = 15;
    private static final int MAX_FRAMES = 6;

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final int MAX_DETAIL_LINE = 300;

    private FailureSummary() {}

    /** One line of text fit for a report: terminal escapes removed, cut at a bounded width. */
    public static String clean(String line) {
        String plain = ANSI.matcher(line).replaceAll("").replace('\u001B', ' ');
        return plain.length() <= MAX_DETAIL_LINE ? plain : plain.substring(0, MAX_DETAIL_LINE - 1) + "…";
    }

    /**
     * "not implemented yet (TODO 01.3)" when a stub was hit anywhere in the cause
     * chain; otherwise the exception's simple class name and its message, with
     * line breaks folded into spaces (AssertJ puts the interesting part on the
     * second line).
     */
    public static String firstLine(Throwable failure) {
        String todo = todoIn(failure, 0);
        if (todo != null) {
            return notImplemented(todo);
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage().strip().replaceAll("\\s+", " ");
        String line = clean(failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message));
        return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE - 1) + "…";
    }

    public static String notImplemented(String task) {
        return NOT_IMPLEMENTED + task + ")";
    }

    /** The task of a stub that was hit, from a failure line made by {@link #firstLine}, or null. */
    public static String notImplementedTask(String failureLine) {
        return failureLine != null && failureLine.startsWith(NOT_IMPLEMENTED) && failureLine.endsWith(")")
                ? failureLine.substring(NOT_IMPLEMENTED.length(), failureLine.length() - 1) : null;
    }

    /**
     * The task of a stub that was hit: an {@code UnsupportedOperationException("TODO 01.3")}
     * anywhere in the cause chain or among suppressed exceptions, or its text quoted in a
     * message (AssertJ's {@code assertThatThrownBy} quotes the unexpected exception).
     */
    private static String todoIn(Throwable t, int depth) {
        if (t == null || depth > 20) {
            return null;
        }
        if (t instanceof UnsupportedOperationException && t.getMessage() != null) {
            Matcher m = TODO.matcher(t.getMessage().strip());
            if (m.matches()) {
                return m.group(1);
            }
        }
        if (t.getMessage() != null) {
            Matcher quoted = QUOTED_TODO.matcher(t.getMessage());
            if (quoted.find()) {
                return quoted.group(1);
            }
        }
        for (Throwable suppressed : t.getSuppressed()) {
            String found = todoIn(suppressed, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return t.getCause() == t ? null : todoIn(t.getCause(), depth + 1);
    }

    /** The full message (bounded) and the first stack frames outside JUnit, AssertJ and the JDK. */
    public static String details(Throwable failure) {
        List<String> out = new ArrayList<>();
        out.add(failure.getClass().getName() + ":");
        String message = failure.getMessage() == null ? "" : failure.getMessage().strip();
        String[] lines = message.split("\r?\n");
        for (int i = 0; i < Math.min(lines.length, MAX_MESSAGE_LINES); i++) {
            out.add("    " + clean(lines[i]));
        }
        if (lines.length > MAX_MESSAGE_LINES) {
            out.add("    … (" + (lines.length - MAX_MESSAGE_LINES) + " more lines)");
        }
        int frames = 0;
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frames == MAX_FRAMES) {
                break;
            }
            if (!isFrameworkFrame(frame.getClassName())) {
                out.add("    at " + frame);
                frames++;
            }
        }
        if (failure.getCause() != null && failure.getCause() != failure) {
            out.add("  caused by " + firstLine(failure.getCause()));
        }
        return String.join("\n", out);
    }

    private static boolean isFrameworkFrame(String className) {
        return className.startsWith("org.junit.") || className.startsWith("org.assertj.")
                || className.startsWith("org.opentest4j.") || className.startsWith("java.")
                || className.startsWith("jdk.") || className.startsWith("sun.") || className.startsWith("net.jqwik.")
                || className.startsWith("javax.") || className.startsWith("com.sun.");
    }
}
