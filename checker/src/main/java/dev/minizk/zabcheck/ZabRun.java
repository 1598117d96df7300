package dev.minizk.zabcheck;

import java.util.List;
import java.util.Objects;

/**
 * Everything the Zab checker needs from one run. Proposals are in the order they were sent;
 * logs list what each server delivered in the order it delivered them.
 */
public record ZabRun(List<ServerLog> logs, List<Establishment> establishments,
                     List<Proposal> proposals, List<Commit> commits, Quorum quorum) {
    public ZabRun {
        logs = List.copyOf(logs);
        establishments = List.copyOf(establishments);
        proposals = List.copyOf(proposals);
        commits = List.copyOf(commits);
        Objects.requireNonNull(quorum, "quorum");
    }
}
