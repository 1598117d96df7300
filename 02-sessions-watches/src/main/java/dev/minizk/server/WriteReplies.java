package dev.minizk.server;

import dev.minizk.proto.OpCode;
import dev.minizk.proto.Request;
import dev.minizk.proto.Response;
import dev.minizk.proto.Response.OpResult;
import dev.minizk.tree.ErrorCode;
import dev.minizk.txn.TxnResult;

import java.util.ArrayList;
import java.util.List;

/** Turns the result of an applied write into the reply body ZooKeeper would send. */
final class WriteReplies {
    private WriteReplies() {
    }

    /** The body for a successful single write; the shape depends on the request (create vs create2). */
    static Response body(Request request, TxnResult result) {
        if (request instanceof Request.Create create) {
            return create.opCode() == OpCode.CREATE
                    ? new Response.PathOnly(result.path())
                    : new Response.Created(result.path(), result.stat());
        } else if (request instanceof Request.SetData || request instanceof Request.SetAcl) {
            return new Response.StatOnly(result.stat());
        } else if (request instanceof Request.Delete || request instanceof Request.Check) {
            return new Response.Empty();
        }
        throw new IllegalArgumentException("not a single write: " + request);
    }

    /**
     * A multi's results, one per op. A failed multi is still a successful reply (err OK in the
     * header); every result is then an error: OK for the ops before the failing one, its code,
     * then RUNTIMEINCONSISTENCY. The client raises the first code that is not OK.
     */
    static Response.MultiResults multi(Request.Multi request, TxnResult result) {
        List<OpResult> results = new ArrayList<>(request.ops().size());
        boolean failed = result.err() != ErrorCode.OK;
        for (int i = 0; i < request.ops().size(); i++) {
            TxnResult sub = result.subResults().get(i);
            results.add(failed ? new OpResult.Error(sub.err()) : opResult(request.ops().get(i), sub));
        }
        return new Response.MultiResults(results);
    }

    private static OpResult opResult(Request op, TxnResult sub) {
        if (op instanceof Request.Create create) {
            return new OpResult.Create(sub.path(), create.opCode() == OpCode.CREATE ? null : sub.stat());
        } else if (op instanceof Request.Delete) {
            return new OpResult.Delete();
        } else if (op instanceof Request.SetData) {
            return new OpResult.SetData(sub.stat());
        } else if (op instanceof Request.Check) {
            return new OpResult.Check();
        }
        throw new IllegalArgumentException("not an op of a multi: " + op); // RequestOps.toOp refused it before
    }

    /** A multi with an op that could not be translated: results as if prep had failed it there. */
    static Response.MultiResults failedMulti(int opCount, int failedIndex, ErrorCode code) {
        List<OpResult> results = new ArrayList<>(opCount);
        for (int i = 0; i < opCount; i++) {
            ErrorCode err = i < failedIndex ? ErrorCode.OK : i == failedIndex ? code : ErrorCode.RUNTIMEINCONSISTENCY;
            results.add(new OpResult.Error(err));
        }
        return new Response.MultiResults(results);
    }
}
