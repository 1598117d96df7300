package dev.minizk.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Builds stages for grading with one Maven call:
 * {@code mvn -B -q -pl STAGES -am test-compile dependency:build-classpath}.
 * Besides compiling, this writes each module's test classpath to
 * {@code target/grade.classpath}; in a reactor build that stops at
 * test-compile, Maven resolves sibling modules to their {@code target/classes}.
 */
public final class MavenBuild {

    private static final int MAX_ERROR_LINES = 40;
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
    static final String QUICK_START_JVM_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private final List<String> extraArgs;

    /** @param extraArgs passed to every Maven call, e.g. {@code -o} or {@code -Dmaven.repo.local=...} */
    public MavenBuild(List<String> extraArgs) {
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** @param errors the build's error lines (compiler messages), empty when it succeeded */
    public record Result(boolean ok, List<String> errors, Duration took) {}

    /** @param stages the stages to build (with what they depend on); empty means the whole reactor */
    public Result buildForGrading(CourseRepository repo, List<StageModule> stages) {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("os.name", "").startsWith("Windows") ? "mvn.cmd" : "mvn");
        command.addAll(List.of("-B", "-q", "-Dstyle.color=never"));
        if (!stages.isEmpty()) {
            command.addAll(List.of("-pl", stages.stream().map(StageModule::folder).collect(Collectors.joining(",")), "-am"));
        }
        command.addAll(List.of("test-compile", "dependency:build-classpath",
                "-Dmdep.outputFile=target/grade.classpath", "-Dmdep.includeScope=test"));
        command.addAll(extraArgs);
        return run(repo, command);
    }

    private Result run(CourseRepository repo, List<String> command) {
        long start = System.nanoTime();
        try {
            var log = Files.createTempFile("minizk-maven-", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(repo.root().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                if (System.getenv("MAVEN_OPTS") == null) {
                    // A grading build is short: Maven spends most of it starting up, which the
                    // quick (C1-only) compiler makes about a third faster. MAVEN_OPTS overrides this.
                    builder.environment().put("MAVEN_OPTS", QUICK_START_JVM_OPTIONS);
                }
                Process maven = builder.start();
                maven.getOutputStream().close();
                if (!maven.waitFor(BUILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                    maven.descendants().forEach(ProcessHandle::destroyForcibly);
                    maven.destroyForcibly();
                    return new Result(false, List.of("the Maven build did not finish within " + BUILD_TIMEOUT.toMinutes() + " minutes"),
                            Duration.ofNanos(System.nanoTime() - start));
                }
                String output = Files.readString(log, StandardCharsets.UTF_8);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                if (maven.exitValue() == 0) {
                    return new Result(true, List.of(), took);
                }
                List<String> errors = errorLines(output, repo.root().toString());
                if (errors.isEmpty()) {
                    errors = List.of("Maven failed (exit code " + maven.exitValue() + ") without an [ERROR] line; run: "
                            + String.join(" ", command));
                }
                return new Result(false, errors, took);
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UserError("cannot run Maven (" + command.get(0) + "): " + e.getMessage()
                    + "; is Maven installed and on the PATH?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while Maven was building");
        }
    }

    /**
     * The lines a student needs from a failed build. Maven prints compiler errors
     * twice; the block after "Failed to execute goal" has each error with its
     * symbol and location lines, so that block is taken when there is one.
     * Absolute paths are made relative to the repository.
     */
    static List<String> errorLines(String output, String root) {
        List<String> all = output.lines()
                .filter(l -> l.startsWith("[ERROR]"))
                .map(l -> l.substring("[ERROR]".length()))
                .map(l -> (l.startsWith(" ") ? l.substring(1) : l).stripTrailing())
                .map(l -> l.replace(root + "/", "").replace(root + "\\", ""))
                .toList();
        List<String> picked = new ArrayList<>();
        boolean inGoalBlock = false;
        for (String line : all) {
            if (line.startsWith("Failed to execute goal")) {
                inGoalBlock = true;
                picked.add(describeGoalFailure(line));
            } else if (line.startsWith("-> [Help")) {
                inGoalBlock = false;
            } else if (inGoalBlock && !line.isBlank()) {
                picked.add(line);
            }
        }
        if (picked.isEmpty()) {
            Set<String> distinct = new LinkedHashSet<>();
            for (String line : all) {
                if (!line.isBlank() && !isMavenAdvice(line)) {
                    distinct.add(line);
                }
            }
            picked.addAll(distinct);
        }
        if (picked.size() > MAX_ERROR_LINES) {
            int more = picked.size() - MAX_ERROR_LINES;
            picked = new ArrayList<>(picked.subList(0, MAX_ERROR_LINES));
            picked.add("… " + more + " more lines");
        }
        return picked;
    }

    /** "Failed to execute goal …compiler…:testCompile (…) on project x: Compilation failure" → "compilation failed in x:" */
    private static String describeGoalFailure(String line) {
        int on = line.indexOf(" on project ");
        if (on < 0) {
            return line;
        }
        String rest = line.substring(on + " on project ".length());
        int colon = rest.indexOf(':');
        String project = colon < 0 ? rest : rest.substring(0, colon);
        String why = colon < 0 ? "" : rest.substring(colon + 1).strip();
        if (why.startsWith("Compilation failure")) {
            return "compilation failed in " + project + ":";
        }
        return project + ": " + why;
    }

    private static boolean isMavenAdvice(String line) {
        return line.startsWith("To see the full stack trace") || line.startsWith("Re-run Maven using")
                || line.startsWith("For more information about the errors") || line.startsWith("[Help ")
                || line.startsWith("After correcting the problems") || line.startsWith("mvn <args>")
                || line.startsWith("-> [Help") || line.startsWith("COMPILATION ERROR");
    }
}
