package dev.minizk.proto;

import dev.minizk.tree.ErrorCode;

/** Everything a server sends on a client connection. */
public sealed interface ServerMessage {

    /** The answer to the connection's {@link ConnectRequest}; always the first message. */
    record Connected(ConnectResponse response) implements ServerMessage {
    }

    /**
     * The answer to the request with this xid. {@code zxid} is the server's last processed zxid
     * when it replied; {@code body} is null when {@code err} is not OK (except for multi, whose
     * failure is reported inside the results with err OK).
     */
    record Reply(int xid, long zxid, ErrorCode err, Response body) implements ServerMessage {
    }

    /** A watch fired. {@code zxid} is the zxid of the txn that caused it, or -1. */
    record Notification(WatcherEvent event, long zxid) implements ServerMessage {
    }
}
