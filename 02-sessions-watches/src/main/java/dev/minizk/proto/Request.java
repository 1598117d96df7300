package dev.minizk.proto;

import dev.minizk.tree.Acl;

import java.util.List;

/**
 * A client request, one record per ZooKeeper request type, each knowing its op code.
 * The course's client sends these; the final system decodes them from ZooKeeper's wire
 * format, so a stock ZooKeeper client sends them too.
 */
public sealed interface Request {

    int opCode();

    /** The node the request is about, or null. */
    default String path() {
        return null;
    }

    /**
     * create, create2, createContainer and createTTL share one body; the op code decides the
     * reply (create answers the path only, the others the path and the Stat).
     */
    record Create(int opCode, String path, byte[] data, List<Acl> acl, int flags, long ttl) implements Request {
        public static Create of(String path, byte[] data, List<Acl> acl, int flags) {
            return new Create(OpCode.CREATE2, path, data, acl, flags, -1);
        }
    }

    record Delete(String path, int version) implements Request {
        public int opCode() {
            return OpCode.DELETE;
        }
    }

    record Exists(String path, boolean watch) implements Request {
        public int opCode() {
            return OpCode.EXISTS;
        }
    }

    record GetData(String path, boolean watch) implements Request {
        public int opCode() {
            return OpCode.GET_DATA;
        }
    }

    record SetData(String path, byte[] data, int version) implements Request {
        public int opCode() {
            return OpCode.SET_DATA;
        }
    }

    record GetAcl(String path) implements Request {
        public int opCode() {
            return OpCode.GET_ACL;
        }
    }

    record SetAcl(String path, List<Acl> acl, int version) implements Request {
        public int opCode() {
            return OpCode.SET_ACL;
        }
    }

    /** getChildren (8) answers the names; getChildren2 (12) the names and the parent's Stat. */
    record GetChildren(String path, boolean watch, boolean withStat) implements Request {
        public int opCode() {
            return withStat ? OpCode.GET_CHILDREN2 : OpCode.GET_CHILDREN;
        }
    }

    record Sync(String path) implements Request {
        public int opCode() {
            return OpCode.SYNC;
        }
    }

    record Ping() implements Request {
        public int opCode() {
            return OpCode.PING;
        }
    }

    /** A version check; on its own or inside a multi. */
    record Check(String path, int version) implements Request {
        public int opCode() {
            return OpCode.CHECK;
        }
    }

    /** Writes (create*, delete, setData, check) that succeed or fail together. */
    record Multi(List<Request> ops) implements Request {
        public int opCode() {
            return OpCode.MULTI;
        }
    }

    /** Reads (getData, getChildren) answered one by one; one failing does not fail the others. */
    record MultiRead(List<Request> ops) implements Request {
        public int opCode() {
            return OpCode.MULTI_READ;
        }
    }

    /** {@code type} is a {@link WatcherType} number. */
    record CheckWatches(String path, int type) implements Request {
        public int opCode() {
            return OpCode.CHECK_WATCHES;
        }
    }

    record RemoveWatches(String path, int type) implements Request {
        public int opCode() {
            return OpCode.REMOVE_WATCHES;
        }
    }

    /** {@code mode} is an {@link AddWatchMode} number. */
    record AddWatch(String path, int mode) implements Request {
        public int opCode() {
            return OpCode.ADD_WATCH;
        }
    }

    /**
     * Re-registers a reconnecting client's watches. {@code relativeZxid} is the last zxid the
     * client saw: anything newer that a watch would have reported is reported at once.
     * The op code is 101, or 105 when persistent watches are included.
     */
    record SetWatches(long relativeZxid, List<String> dataWatches, List<String> existWatches,
                      List<String> childWatches, List<String> persistentWatches,
                      List<String> persistentRecursiveWatches) implements Request {
        public int opCode() {
            return persistentWatches.isEmpty() && persistentRecursiveWatches.isEmpty()
                    ? OpCode.SET_WATCHES : OpCode.SET_WATCHES2;
        }
    }

    /** Adds an identity to the connection: scheme {@code digest} with {@code user:password}, say. */
    record Auth(String scheme, byte[] auth) implements Request {
        public int opCode() {
            return OpCode.AUTH;
        }
    }

    /**
     * A new session with its negotiated timeout. No client sends this: a client's handshake is a
     * {@link ConnectRequest}. The server makes one from the handshake, as ZooKeeper's does, so that
     * a new session is ordered and replicated like any other write.
     */
    record CreateSession(int timeout) implements Request {
        public int opCode() {
            return OpCode.CREATE_SESSION;
        }
    }

    record CloseSession() implements Request {
        public int opCode() {
            return OpCode.CLOSE_SESSION;
        }
    }

    /** The calling session's ephemerals whose path starts with {@code prefix} ("/" or "" for all). */
    record GetEphemerals(String prefix) implements Request {
        public int opCode() {
            return OpCode.GET_EPHEMERALS;
        }
    }

    /** The number of all descendants of a node. */
    record GetAllChildrenNumber(String path) implements Request {
        public int opCode() {
            return OpCode.GET_ALL_CHILDREN_NUMBER;
        }
    }

    record WhoAmI() implements Request {
        public int opCode() {
            return OpCode.WHO_AM_I;
        }
    }

    /** An op code this server does not implement; it is answered with UNIMPLEMENTED. */
    record Unsupported(int opCode) implements Request {
    }
}
