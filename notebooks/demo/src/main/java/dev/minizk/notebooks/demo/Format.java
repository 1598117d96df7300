package dev.minizk.notebooks.demo;

import dev.minizk.tree.Stat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notebooks' one way to print ids and Stats, the way ZooKeeper's own tools print them: a
 * session id and a zxid in hex with {@code 0x} (zkCli's {@code ephemeralOwner = 0x…}, the
 * server's {@code sessionid:0x…}), so a session reads the same in every notebook and timeline.
 */
public final class Format {
    private static final Pattern TIMED_LINE = Pattern.compile("\\s*(\\d+)\\s+(.*)");
    private static final Pattern LINK_NUMBER = Pattern.compile("\\b(c\\d+)/\\d+\\b");

    private Format() {
    }

    /** {@code 0x100000000000001}: the session id as ZooKeeper prints it. */
    public static String session(long sessionId) {
        return "0x" + Long.toHexString(sessionId);
    }

    /** {@code 0x5}: a zxid as zkCli prints a Stat's fields. */
    public static String zxid(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }

    /** A node's Stat on one line, zxids in hex, the owner's session id if it is ephemeral. */
    public static String stat(String path, Stat s) {
        return String.format("%-22s czxid=%-4s mzxid=%-4s pzxid=%-4s version=%d cversion=%d aversion=%d"
                        + " numChildren=%d dataLength=%d%s",
                path, zxid(s.czxid()), zxid(s.mzxid()), zxid(s.pzxid()), s.version(), s.cversion(), s.aversion(),
                s.numChildren(), s.dataLength(), s.ephemeralOwner() == 0 ? "" : " owner=" + session(s.ephemeralOwner()));
    }

    /** Text for HTML or SVG markup. */
    public static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * Timeline lines ({@code "  20000  LINK  c1/3 refused (cut off)"}) with repeats counted: lines
     * that differ only in their time and link number ({@code c1/3}, {@code c1/4}, …) and repeat
     * back to back, alone or alternating with up to two others, print once, as
     * {@code "20000–33000  LINK  c1/… refused (cut off)  (14×)"}. A line that happens once is kept
     * as it is, and nothing moves past it.
     */
    public static List<String> countRepeats(List<String> timelineLines) {
        List<Rows.Counted<String>> counted = new ArrayList<>();
        for (String line : timelineLines) {
            Matcher m = TIMED_LINE.matcher(line);
            long at = m.matches() ? Long.parseLong(m.group(1)) : -1;
            String rest = m.matches() ? m.group(2) : line.strip();
            counted.add(new Rows.Counted<>(at, at, 1, rest));
        }
        List<Rows.Counted<String>> shapes = new ArrayList<>();
        for (Rows.Counted<String> c : counted) {
            shapes.add(new Rows.Counted<>(c.first(), c.last(), 1, LINK_NUMBER.matcher(c.what()).replaceAll("$1/…")));
        }
        List<Rows.Counted<String>> collapsed = Rows.collapse(shapes, Rows.KINDS);
        List<String> out = new ArrayList<>();
        int original = 0;
        for (Rows.Counted<String> c : collapsed) {
            if (c.count() == 1) {
                out.add(timelineLines.get(original)); // unchanged, link number and all
            } else {
                out.add(String.format("%9s  %s  (%d×)", c.first() + "–" + c.last(), c.what(), c.count()));
            }
            original += c.count();
        }
        return out;
    }
}
