package dev.minizk.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command's words after the command name, split into zkCli-style options ({@code -e},
 * {@code -v 3}) and positional arguments. Options may come anywhere before {@code --};
 * a word that starts with '-' but is not a known option is an error, except a lone "-1"-like
 * number given as data.
 */
final class CommandArgs {
    private final String command;
    private final Set<String> presentFlags;
    private final Map<String, String> values;
    private final List<String> positional;

    private CommandArgs(String command, Set<String> presentFlags, Map<String, String> values, List<String> positional) {
        this.command = command;
        this.presentFlags = presentFlags;
        this.values = values;
        this.positional = positional;
    }

    /**
     * @param flags       options without a value, e.g. {@code Set.of("e", "s")}
     * @param valued      options that take a value, e.g. {@code Set.of("v")}
     */
    static CommandArgs parse(String command, List<String> words, Set<String> flags, Set<String> valued) {
        Set<String> present = new java.util.HashSet<>();
        Map<String, String> values = new HashMap<>();
        List<String> positional = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (optionsEnded || !word.startsWith("-") || word.length() == 1 || isNumber(word)) {
                positional.add(word);
                continue;
            }
            if (word.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String name = word.substring(1);
            if (flags.contains(name)) {
                present.add(name);
            } else if (valued.contains(name)) {
                if (i + 1 >= words.size()) {
                    throw new BadArgumentException("option -" + name + " of " + command + " needs a value");
                }
                values.put(name, words.get(++i));
            } else {
                throw new BadArgumentException("unknown option " + word + " for " + command);
            }
        }
        return new CommandArgs(command, present, values, positional);
    }

    boolean has(String flag) {
        return presentFlags.contains(flag) || values.containsKey(flag);
    }

    /** The option's value, or null when absent. */
    String value(String option) {
        return values.get(option);
    }

    /** The option's value as an int, or {@code otherwise} when absent; "abc" is a named error. */
    int intValue(String option, String what, int otherwise) {
        String text = values.get(option);
        if (text == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadArgumentException(what + " '" + text + "' is not a number");
        }
    }

    long longValue(String option, String what) {
        String text = values.get(option);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadArgumentException(what + " '" + text + "' is not a number");
        }
    }

    /** Checks the positional count: at least {@code min}, at most {@code max}. */
    CommandArgs expect(int min, int max, String usage) {
        if (positional.size() < min || positional.size() > max) {
            String problem = positional.size() < min ? "missing arguments" : "too many arguments";
            throw new BadArgumentException(problem + " for " + command + " (usage: " + usage + ")");
        }
        return this;
    }

    /** Checks that the argument, when given, is an absolute path (zkCli checks before sending, too). */
    CommandArgs pathAt(int index) {
        if (index < positional.size() && !positional.get(index).startsWith("/")) {
            throw new BadArgumentException("path '" + positional.get(index) + "' must start with /");
        }
        return this;
    }

    String arg(int index) {
        return positional.get(index);
    }

    /** The positional argument, or null when not given. */
    String argOrNull(int index) {
        return index < positional.size() ? positional.get(index) : null;
    }

    int count() {
        return positional.size();
    }

    private static boolean isNumber(String word) {
        try {
            Long.parseLong(word);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
