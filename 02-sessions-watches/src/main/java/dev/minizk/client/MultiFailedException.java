package dev.minizk.client;

import dev.minizk.proto.Response.OpResult;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;

import java.util.List;

/**
 * A multi that was not applied: the code of the first failing op, with every op's result
 * attached (the failing one says why, the ones before it OK, the ones after RUNTIMEINCONSISTENCY),
 * as ZooKeeper's {@code KeeperException.getResults()}.
 */
public final class MultiFailedException extends KeeperException {
    private final List<OpResult> results;

    public MultiFailedException(ErrorCode code, String path, List<OpResult> results) {
        super(code, path, "multi failed at op " + firstFailure(results));
        this.results = List.copyOf(results);
    }

    public List<OpResult> results() {
        return results;
    }

    private static int firstFailure(List<OpResult> results) {
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof OpResult.Error error && error.err() != ErrorCode.OK
                    && error.err() != ErrorCode.RUNTIMEINCONSISTENCY) {
                return i;
            }
        }
        return -1;
    }
}
