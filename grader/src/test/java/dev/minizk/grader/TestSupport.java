package dev.minizk.grader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Fixture projects and in-process CLI runs for the grader's tests. */
final class TestSupport {

    /** What a CLI run printed and returned. */
    record CliRun(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out ---\n" + out + "\n--- err ---\n" + err;
        }
    }

    private TestSupport() {}

    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    /**
     * Copies the fixture reactor to {@code target}, filling the poms' @version@
     * tokens from the root pom's versions (passed in by grader/pom.xml).
     */
    static Path copyFixture(Path target) throws IOException {
        Path source = moduleDir().resolve("src/test/fixtures/basic");
        Map<String, String> versions = Map.of(
                "@junit.version@", property("junit.version"),
                "@compiler-plugin.version@", property("compiler-plugin.version"),
                "@surefire-plugin.version@", property("surefire-plugin.version"),
                "@resources-plugin.version@", property("resources-plugin.version"),
                "@dependency-plugin.version@", property("dependency-plugin.version"),
                "@build-helper-plugin.version@", property("build-helper-plugin.version"));
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                String text = Files.readString(file);
                if (file.getFileName().toString().equals("pom.xml")) {
                    for (Map.Entry<String, String> v : versions.entrySet()) {
                        text = text.replace(v.getKey(), v.getValue());
                    }
                }
                Files.writeString(copy, text);
            }
        }
        return target;
    }

    private static String property(String name) {
        String value = System.getProperty("minizk." + name);
        if (value == null) {
            throw new IllegalStateException("system property minizk." + name
                    + " is not set: run these tests through Maven (grader/pom.xml sets it)");
        }
        return value;
    }

    /** Extra Maven arguments so nested builds use this build's local repository. */
    static List<String> mavenArgs() {
        String repo = System.getProperty("minizk.maven.repo.local");
        return repo == null ? List.of() : List.of("--maven-arg=-Dmaven.repo.local=" + repo);
    }

    /** Runs the CLI in this JVM. */
    static CliRun cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = GraderMain.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a CLI command that calls Maven, with {@link #mavenArgs()} added. */
    static CliRun cliWithMaven(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(mavenArgs());
        return cli(all.toArray(String[]::new));
    }

    static void replaceInFile(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " does not contain: " + from);
        }
        Files.writeString(file, text.replace(from, to));
    }
}
