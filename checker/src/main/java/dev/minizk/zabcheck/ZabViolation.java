package dev.minizk.zabcheck;

import java.util.List;

/** One broken property, what broke it, and the few records that show it. */
public record ZabViolation(ZabProperty property, String what, List<String> evidence) {
    public ZabViolation {
        evidence = List.copyOf(evidence);
    }

    /** A few lines a student can read: the property, the rule, what happened, the records. */
    public String describe() {
        StringBuilder text = new StringBuilder()
                .append("Zab ").append(property.title()).append(" violated: ").append(what).append('\n')
                .append("  rule: ").append(property.rule()).append('\n');
        for (String line : evidence) {
            text.append("    ").append(line).append('\n');
        }
        return text.toString();
    }
}
