package dev.minizk.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A Jupyter notebook (nbformat 4) reduced to what the harness needs: its code cells, in order. */
public record Notebook(Path file, List<CodeCell> codeCells) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Notebook {
        codeCells = List.copyOf(codeCells);
    }

    public String name() {
        return file.getFileName().toString();
    }

    /** Where the kernel runs, and so what {@code %jar} paths are relative to. */
    public Path folder() {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }

    public static Notebook read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not a readable notebook (JSON): " + e.getMessage(), e);
        }
        JsonNode cells = root.path("cells");
        if (!cells.isArray()) {
            throw new IllegalArgumentException(file + " is not a notebook: it has no \"cells\" array");
        }
        List<CodeCell> codeCells = new ArrayList<>();
        for (JsonNode cell : cells) {
            if ("code".equals(cell.path("cell_type").asText())) {
                codeCells.add(new CodeCell(codeCells.size() + 1, text(cell.path("source")), storedErrors(cell)));
            }
        }
        return new Notebook(file, codeCells);
    }

    /** nbformat allows a multi-line string either as one string or as a list of lines. */
    private static String text(JsonNode source) {
        if (!source.isArray()) {
            return source.asText("");
        }
        StringBuilder joined = new StringBuilder();
        source.forEach(line -> joined.append(line.asText()));
        return joined.toString();
    }

    private static List<String> storedErrors(JsonNode cell) {
        List<String> errors = new ArrayList<>();
        for (JsonNode output : cell.path("outputs")) {
            if ("error".equals(output.path("output_type").asText())) {
                errors.add(output.path("ename").asText() + ": " + output.path("evalue").asText());
            }
        }
        return errors;
    }
}
