package dev.minizk.simclient;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.Request;
import dev.minizk.proto.Response;
import dev.minizk.proto.ServerMessage;

/**
 * One-line descriptions of messages for the timeline. Records' own toString prints byte arrays
 * as identity hashes, which differ from run to run; these print lengths, so a timeline replays
 * character for character.
 */
public final class Describe {
    private Describe() {
    }

    /**
     * Any message on a simulated client link, for {@code Simulator.describeLinkMessagesWith}:
     * a handshake, a request with its xid, or what the server sends.
     */
    public static String linkMessage(Object message) {
        if (message instanceof ServerMessage m) {
            return message(m);
        }
        if (message instanceof ClientRequest r) {
            return "#" + r.xid() + " " + request(r.request());
        }
        if (message instanceof ConnectRequest c) {
            return handshake(c);
        }
        return String.valueOf(message);
    }

    static String handshake(ConnectRequest r) {
        return r.sessionId() == 0
                ? "connect (new session, timeout " + r.timeout() + ")"
                : "connect (resume 0x" + Long.toHexString(r.sessionId()) + ", lastZxidSeen " + r.lastZxidSeen() + ")";
    }

    static String request(Request r) {
        String name = r.getClass().getSimpleName();
        if (r instanceof Request.Multi m) {
            return name + " of " + m.ops().size();
        } else if (r instanceof Request.SetWatches w) {
            return name + " relativeZxid " + w.relativeZxid() + " data" + w.dataWatches() + " exist" + w.existWatches()
                    + " child" + w.childWatches() + " persistent" + w.persistentWatches()
                    + " recursive" + w.persistentRecursiveWatches();
        } else if (r instanceof Request.Auth a) {
            return name + " " + a.scheme();
        }
        return r.path() == null ? name : name + " " + r.path();
    }

    static String message(ServerMessage m) {
        if (m instanceof ServerMessage.Connected c) {
            return c.response().isValid()
                    ? "connected 0x" + Long.toHexString(c.response().sessionId()) + " timeout " + c.response().timeout()
                    : "connected: INVALID SESSION";
        } else if (m instanceof ServerMessage.Notification n) {
            return "notify " + n.event().type() + " " + n.event().path() + " (zxid " + n.zxid() + ")";
        }
        ServerMessage.Reply r = (ServerMessage.Reply) m;
        return "reply #" + r.xid() + " zxid " + r.zxid() + " " + r.err() + (r.body() == null ? "" : " " + body(r.body()));
    }

    private static String body(Response body) {
        if (body instanceof Response.Data d) {
            return "Data(" + (d.data() == null ? "null" : d.data().length + " bytes") + ", version " + d.stat().version() + ")";
        } else if (body instanceof Response.Created c) {
            return "Created(" + c.path() + ")";
        } else if (body instanceof Response.StatOnly s) {
            return "Stat(mzxid " + s.stat().mzxid() + ", version " + s.stat().version() + ")";
        } else if (body instanceof Response.MultiResults m) {
            return "MultiResults of " + m.results().size();
        }
        return body.toString();
    }
}
