package dev.minizk.notebooks;

/**
 * A notebook that does not run cleanly. An {@link AssertionError}, so JUnit
 * reports it as a test failure, with a message that names the file, the code
 * cell and what went wrong.
 */
public final class NotebookFailure extends AssertionError {

    private static final long serialVersionUID = 1L;
    private static final int SHOWN_LINES = 4;

    private NotebookFailure(String message) {
        super(message);
    }

    static NotebookFailure inCell(Notebook notebook, CodeCell cell, String problem) {
        StringBuilder message = new StringBuilder()
                .append(notebook.name()).append(", cell ").append(cell.number()).append(" failed:\n");
        for (String line : cell.firstLines(SHOWN_LINES)) {
            message.append("    | ").append(line).append('\n');
        }
        message.append(problem.strip());
        return new NotebookFailure(message.toString());
    }

    static NotebookFailure whole(Notebook notebook, String problem) {
        return new NotebookFailure(notebook.name() + " failed: " + problem);
    }
}
