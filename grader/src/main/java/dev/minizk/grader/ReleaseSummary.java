package dev.minizk.grader;

/** What a release wrote and what it left out. */
public record ReleaseSummary(int filesWritten, int regionsReplaced, int hiddenTestFilesLeftOut,
                             int solutionFilesLeftOut, int instructorFilesLeftOut) {

    @Override
    public String toString() {
        return filesWritten + " files written, " + regionsReplaced + " solution regions replaced; left out: "
                + hiddenTestFilesLeftOut + " hidden-test files, " + solutionFilesLeftOut + " solution files, "
                + instructorFilesLeftOut + " instructor files";
    }
}
