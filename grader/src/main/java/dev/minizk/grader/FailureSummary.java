package dev.minizk.grader;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a test failure into the one line a student sees first, plus a few lines of detail. */
public final class FailureSummary {

    private static final Pattern TODO = Pattern.compile("^TODO (\\d\\d\\.\\d+)$");
    private static final int MAX_LINE = 200;
    private static final int MAX_MESSAGE_LINES = 15;
    private static final int MAX_FRAMES = 6;

    private FailureSummary() {}

    /**
     * "not implemented yet (TODO 01.3)" when a stub was hit anywhere in the cause
     * chain; otherwise the exception's simple class name and its message, with
     * line breaks folded into spaces (AssertJ puts the interesting part on the
     * second line).
     */
    public static String firstLine(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnsupportedOperationException && t.getMessage() != null) {
                Matcher m = TODO.matcher(t.getMessage().strip());
                if (m.matches()) {
                    return "not implemented yet (TODO " + m.group(1) + ")";
                }
            }
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage().strip().replaceAll("\\s+", " ");
        String line = failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE - 1) + "…";
    }

    /** The full message (bounded) and the first stack frames outside JUnit, AssertJ and the JDK. */
    public static String details(Throwable failure) {
        List<String> out = new ArrayList<>();
        out.add(failure.getClass().getName() + ":");
        String message = failure.getMessage() == null ? "" : failure.getMessage().strip();
        String[] lines = message.split("\r?\n");
        for (int i = 0; i < Math.min(lines.length, MAX_MESSAGE_LINES); i++) {
            out.add("    " + lines[i]);
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
                || className.startsWith("jdk.") || className.startsWith("sun.") || className.startsWith("net.jqwik.");
    }
}
