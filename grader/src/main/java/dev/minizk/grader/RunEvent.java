package dev.minizk.grader;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One line of the child's results file (JSON Lines). The child appends and
 * flushes each event as it happens, so when the parent has to kill a run that
 * hangs, everything that finished is still on disk and the rest is known.
 *
 * <ul>
 *   <li>{@code planned}: a graded test was discovered (id, className, methodName, displayName, tags)</li>
 *   <li>{@code started}: it began to run (id)</li>
 *   <li>{@code finished}: it ended (id, status, failure = one-line summary, details = more lines)</li>
 *   <li>{@code done}: the whole run ended normally</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunEvent(String event, String id, String className, String methodName, String displayName,
                       List<String> tags, String status, String failure, String details) {

    public static final String PLANNED = "planned";
    public static final String STARTED = "started";
    public static final String FINISHED = "finished";
    public static final String DONE = "done";

    public static RunEvent planned(String id, String className, String methodName, String displayName, List<String> tags) {
        return new RunEvent(PLANNED, id, className, methodName, displayName, tags, null, null, null);
    }

    public static RunEvent started(String id) {
        return new RunEvent(STARTED, id, null, null, null, null, null, null, null);
    }

    public static RunEvent finished(String id, TestStatus status, String failure, String details) {
        return new RunEvent(FINISHED, id, null, null, null, null, status.name(), failure, details);
    }

    public static RunEvent done() {
        return new RunEvent(DONE, null, null, null, null, null, null, null, null);
    }
}
