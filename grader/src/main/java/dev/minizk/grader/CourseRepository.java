package dev.minizk.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The root of a minizk repository (the reference, a student edition or a fixture). */
public record CourseRepository(Path root) {

    public CourseRepository {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * The repository named by {@code --repo}; else the one named by the
     * {@code MINIZK_REPO} environment variable (set by the {@code ./grade} script
     * to its own folder); else the one that holds the working directory.
     */
    public static CourseRepository locate(Path repoOption) {
        String fromScript = System.getenv("MINIZK_REPO");
        if (repoOption == null && fromScript != null && !fromScript.isBlank()
                && Files.isRegularFile(Path.of(fromScript).resolve("pom.xml"))) {
            return new CourseRepository(Path.of(fromScript));
        }
        if (repoOption != null) {
            Path dir = repoOption.toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new UserError("--repo " + repoOption + ": no such folder");
            }
            if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
                throw new UserError("--repo " + repoOption + ": no pom.xml there; name the course repository's root folder");
            }
            return new CourseRepository(dir);
        }
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && !new CourseRepository(dir).stages().isEmpty()) {
                return new CourseRepository(dir);
            }
        }
        throw new UserError("not inside a minizk repository (no folder from " + start
                + " upwards has a pom.xml and NN-* stage folders); run from the repository or pass --repo DIR");
    }

    /** The stage modules, in stage order. */
    public List<StageModule> stages() {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> Files.isRegularFile(p.resolve("pom.xml")))
                    .flatMap(p -> StageModule.stageOfFolder(p.getFileName().toString())
                            .map(stage -> new StageModule(stage, p.getFileName().toString(), p)).stream())
                    .sorted((a, b) -> a.stage().compareTo(b.stage()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stages that have a {@code grading.json}. */
    public List<StageModule> gradedStages() {
        return stages().stream().filter(StageModule::hasManifest).toList();
    }

    public StageModule stage(String id) {
        if (!id.matches("\\d\\d")) {
            throw new UserError("stage '" + id + "': expected two digits such as 01, or 'all'");
        }
        Optional<StageModule> found = stages().stream().filter(s -> s.stage().equals(id)).findFirst();
        return found.orElseThrow(() -> new UserError("stage '" + id + "': no such stage in " + root
                + " (stages: " + stageList() + ")"));
    }

    public String stageList() {
        String list = stages().stream().map(StageModule::stage).collect(Collectors.joining(", "));
        return list.isEmpty() ? "none" : list;
    }

    public String relative(Path path) {
        return root.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}
