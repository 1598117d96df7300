package dev.minizk.notebooks.demo;

import dev.minizk.tree.DataTree;
import dev.minizk.tree.Stat;
import dev.minizk.tree.ZnodePath;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A live {@link DataTree} as an SVG picture, drawn from its own {@code paths()} and each node's
 * {@link Stat}: one box per znode (amber: ephemeral), indented under its parent, with its data
 * version, size and the zxid that last changed it.
 */
public final class TreePicture {
    private static final int ROW = 26;
    private static final int INDENT = 28;

    private TreePicture() {
    }

    public static String svg(DataTree tree) {
        List<String> paths = new ArrayList<>(tree.paths());
        Collections.sort(paths); // a parent sorts before its children
        Map<String, Integer> rowOf = new HashMap<>();
        StringBuilder svg = new StringBuilder();
        for (String path : paths) {
            int row = rowOf.size();
            int depth = path.equals("/") ? 0 : path.split("/").length - 1;
            int x = 16 + depth * INDENT;
            int y = 22 + row * ROW;
            if (!path.equals("/")) {
                int parentY = 22 + rowOf.get(ZnodePath.parent(path)) * ROW;
                svg.append(String.format("<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"#94a3b8\"/>",
                        x - 20, parentY + 6, y - 4, x - 6));
            }
            Stat s = tree.stat(path);
            String name = path.equals("/") ? "/" : ZnodePath.name(path);
            int width = 14 + 8 * name.length();
            svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" rx=\"4\" fill=\"%s\" stroke=\"#475569\"/>",
                    x - 6, y - 14, width, s.ephemeralOwner() != 0 ? "#fef3c7" : "#e0e7ff"));
            svg.append(String.format("<text x=\"%d\" y=\"%d\" font-family=\"monospace\" font-size=\"13\">%s</text>",
                    x, y, Format.html(name)));
            svg.append(String.format("<text x=\"%d\" y=\"%d\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#475569\">"
                            + "v%d · %d bytes · mzxid %s%s</text>", x + width + 4, y, s.version(), s.dataLength(),
                    Format.zxid(s.mzxid()), s.ephemeralOwner() == 0 ? "" : " · owner " + Format.session(s.ephemeralOwner())));
            rowOf.put(path, row);
        }
        return String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"%d\">%s</svg>",
                16 + rowOf.size() * ROW, svg);
    }
}
