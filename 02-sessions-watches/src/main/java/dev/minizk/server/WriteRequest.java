package dev.minizk.server;

import dev.minizk.acl.AuthInfo;
import dev.minizk.proto.Request;
import dev.minizk.tree.Id;

import java.util.List;
import java.util.Objects;

/**
 * A write as data: everything the server that orders it needs, and nothing that lives on the
 * client's connection. In an ensemble a follower forwards it to the leader, which preps it,
 * so the caller's identities travel with it (the ids its ACL checks need), not its
 * {@link AuthInfo}.
 *
 * @param sessionId  the session that asked; 0 for the server's own writes (the container reaper)
 * @param cxid       the client's xid for the request; the reply is found again by (session, cxid)
 * @param request    a write ({@code create}, {@code delete}, {@code setData}, {@code setACL},
 *                   {@code check}, {@code multi}) or {@link Request.CreateSession} / {@link Request.CloseSession}
 * @param identities the caller's identities when it asked, in the order they were added
 */
public record WriteRequest(long sessionId, int cxid, Request request, List<Id> identities) {

    /** The identities of the server's own writes (expiry, reaping): the super user, whom no ACL stops. */
    public static final List<Id> SERVER = List.of(AuthInfo.SUPER);

    public WriteRequest {
        Objects.requireNonNull(request, "request");
        identities = List.copyOf(identities);
    }

    /** A write the server makes itself (a session's end on expiry, a reaped container). */
    public static WriteRequest byServer(long sessionId, Request request) {
        return new WriteRequest(sessionId, 0, request, SERVER);
    }
}
