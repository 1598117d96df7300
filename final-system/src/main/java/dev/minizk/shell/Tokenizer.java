package dev.minizk.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a command line into words exactly as zkCli ({@code ZooKeeperMain}) does, so a line
 * stores the same bytes in both shells: a word that starts with a quote runs to the next same
 * quote and loses both quotes ({@code set /a "hello world"} sets eleven bytes); any other word
 * runs to the next whitespace and keeps every character, quotes included
 * ({@code create /a {"a":1}} stores {@code {"a":1}}).
 *
 * <p>One difference, on purpose: where zkCli silently drops an opening quote that never closes
 * ({@code set /a "oops} stores {@code oops}), this tokenizer refuses the line and says why.
 */
final class Tokenizer {
    /** ZooKeeperMain.MyCommandOptions.ARGS_PATTERN, character for character. */
    private static final Pattern WORD = Pattern.compile("\\s*([^\"']\\S*|\"[^\"]*\"|'[^']*')\\s*");

    private Tokenizer() {
    }

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(line);
        int consumed = 0;
        while (matcher.find()) {
            // The pattern only fails to match at a quote with no partner; zkCli skips it.
            requireNothingSkipped(line, consumed, matcher.start());
            words.add(unquoted(matcher.group(1)));
            consumed = matcher.end();
        }
        requireNothingSkipped(line, consumed, line.length());
        return words;
    }

    private static String unquoted(String word) {
        char first = word.charAt(0);
        boolean quoted = (first == '"' || first == '\'') && word.length() >= 2 && word.charAt(word.length() - 1) == first;
        return quoted ? word.substring(1, word.length() - 1) : word;
    }

    private static void requireNothingSkipped(String line, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if (c == '"' || c == '\'') {
                throw new BadArgumentException("unterminated quote " + c + " in: " + line);
            }
            if (!isRegexSpace(c)) {
                throw new IllegalStateException("tokenizer skipped '" + c + "' at " + i + " of: " + line);
            }
        }
    }

    /** The characters {@code \s} matches (ASCII whitespace only, unlike Character.isWhitespace). */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
