package dev.minizk.notebooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.UnresolvedReferenceException;

/** Turns what JShell reports for one evaluated snippet into a problem text, if there is one. */
final class SnippetProblems {

    private static final int SHOWN_FRAMES = 6;

    private SnippetProblems() {}

    static Optional<String> of(JShell shell, String source, List<SnippetEvent> events) {
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue; // a knock-on update of an earlier snippet, not this one's outcome
            }
            Optional<String> problem = problem(shell, source, event);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problem(JShell shell, String source, SnippetEvent event) {
        Snippet snippet = event.snippet();
        List<String> errors = new ArrayList<>();
        shell.diagnostics(snippet).filter(Diag::isError)
                .forEach(diag -> errors.add(describe(diag, snippet.source())));
        if (!errors.isEmpty()) {
            return Optional.of("compile error:\n" + String.join("\n", errors));
        }
        if (event.status() == Snippet.Status.REJECTED) {
            return Optional.of("JShell rejected the snippet:\n" + indent(source));
        }
        if (event.exception() != null) {
            return Optional.of("exception thrown:\n" + describe(shell, event.exception()));
        }
        if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
            // A declaration that compiles only once something else is declared: in a
            // finished notebook that "something" is missing (a typo, a removed class).
            return Optional.of("declared but unusable, it refers to undefined " + unresolved(shell, snippet)
                    + ":\n" + indent(source));
        }
        return Optional.empty();
    }

    private static String unresolved(JShell shell, Snippet snippet) {
        if (snippet instanceof DeclarationSnippet declaration) {
            return String.join(", ", shell.unresolvedDependencies(declaration).toList());
        }
        return "names";
    }

    private static String describe(Diag diag, String snippetSource) {
        return "  " + diag.getMessage(Locale.ROOT) + "\n  at: " + lineAt(snippetSource, (int) diag.getStartPosition());
    }

    private static String lineAt(String source, int position) {
        if (position < 0 || position > source.length()) {
            return source.lines().findFirst().orElse("").strip();
        }
        int start = source.lastIndexOf('\n', Math.max(0, position - 1)) + 1;
        int end = source.indexOf('\n', position);
        return source.substring(start, end < 0 ? source.length() : end).strip();
    }

    private static String describe(JShell shell, JShellException exception) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            return "  " + unresolved.getSnippet().source().strip() + " is called but refers to undefined "
                    + unresolved(shell, unresolved.getSnippet());
        }
        StringBuilder text = new StringBuilder();
        Throwable current = exception;
        String prefix = "  ";
        while (current != null) {
            text.append(prefix).append(className(current));
            if (current.getMessage() != null) {
                text.append(": ").append(current.getMessage());
            }
            text.append('\n');
            appendFrames(text, current.getStackTrace());
            current = current.getCause();
            prefix = "  Caused by: ";
        }
        return text.toString();
    }

    /** JShell reports user exceptions as EvalException; the real class name is kept inside. */
    private static String className(Throwable throwable) {
        return throwable instanceof EvalException eval ? eval.getExceptionClassName() : throwable.getClass().getName();
    }

    private static void appendFrames(StringBuilder text, StackTraceElement[] frames) {
        int shown = 0;
        for (StackTraceElement frame : frames) {
            if (frame.getClassName().startsWith("jdk.internal.reflect.")
                    || frame.getClassName().startsWith("java.lang.reflect.")) {
                break; // below this is JShell's own machinery, never the notebook's business
            }
            if (shown++ == SHOWN_FRAMES) {
                text.append("      …\n");
                break;
            }
            text.append("      at ").append(frame).append('\n');
        }
    }

    private static String indent(String source) {
        return source.strip().lines().map(line -> "    " + line).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
