package dev.minizk.notebooks;

import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process ("local") execution engine, with snippet classes loaded
 * in isolation from the test JVM's class path. In-process keeps the harness
 * fast: no second JVM is started per notebook.
 */
final class IsolatedLocalExecution implements ExecutionControlProvider {

    @Override
    public String name() {
        return "isolated-local";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return new LocalExecutionControl(new IsolatedLoaderDelegate());
    }
}
