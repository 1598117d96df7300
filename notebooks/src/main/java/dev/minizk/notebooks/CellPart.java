package dev.minizk.notebooks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a code cell holds, parsed as the rapaio kernel parses it: a line that
 * starts with {@code %} (in its first column) is a magic; blank lines and
 * {@code //} comment lines are neutral; anything else is Java. The kernel
 * refuses a cell that mixes magics and Java, so the harness does too.
 */
public sealed interface CellPart {

    /** {@code %jar PATH}: add a jar (or every jar in a folder) to the class path. */
    record JarMagic(String line, String path) implements CellPart {}

    /** Any other magic. The harness refuses it so notebooks stay runnable in both places. */
    record UnsupportedMagic(String line) implements CellPart {}

    /** A cell of magics that also has this Java line: the kernel would refuse the cell. */
    record MixedWithJava(String javaLine) implements CellPart {}

    /** The whole cell, when it has no magic: evaluated as JShell snippets. */
    record JavaCode(String source) implements CellPart {}

    Pattern JAR_LINE = Pattern.compile("%jar\\s+(.+)");

    static List<CellPart> split(String cellSource) {
        List<CellPart> magics = new ArrayList<>();
        String firstJavaLine = null;
        for (String line : cellSource.split("\\R")) {
            if (line.startsWith("%")) {
                Matcher jar = JAR_LINE.matcher(line.strip());
                magics.add(jar.matches() ? new JarMagic(line.strip(), jar.group(1).strip())
                        : new UnsupportedMagic(line.strip()));
            } else if (firstJavaLine == null && !line.isBlank() && !line.strip().startsWith("//")) {
                firstJavaLine = line.strip();
            }
        }
        if (magics.isEmpty()) {
            return cellSource.isBlank() ? List.of() : List.of(new JavaCode(cellSource));
        }
        if (firstJavaLine != null) {
            magics.add(0, new MixedWithJava(firstJavaLine)); // first: the shape of the cell is wrong before any path is
        }
        return magics;
    }
}
