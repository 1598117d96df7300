package dev.minizk.notebooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the notebooks of one folder (not of its subfolders), in name order. */
public final class NotebookFiles {

    private NotebookFiles() {}

    public static List<Path> in(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(path -> path.getFileName().toString().endsWith(".ipynb"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list notebooks in " + folder, e);
        }
    }
}
