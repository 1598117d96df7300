package dev.minizk.shell;

import dev.minizk.proto.KeeperState;
import dev.minizk.proto.WatcherEvent;
import dev.minizk.tree.Acl;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.EventType;
import dev.minizk.tree.Id;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Perms;
import dev.minizk.tree.Stat;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** What zkCli prints, in zkCli's words: Stats, watch events, ACLs and error messages. */
final class ZkText {
    private ZkText() {
    }

    /** As ZooKeeper's {@code StatPrinter}: zxids in hex, times as {@link Date#toString()}. */
    static String stat(Stat stat) {
        return "cZxid = 0x" + Long.toHexString(stat.czxid()) + "\n"
                + "ctime = " + new Date(stat.ctime()) + "\n"
                + "mZxid = 0x" + Long.toHexString(stat.mzxid()) + "\n"
                + "mtime = " + new Date(stat.mtime()) + "\n"
                + "pZxid = 0x" + Long.toHexString(stat.pzxid()) + "\n"
                + "cversion = " + stat.cversion() + "\n"
                + "dataVersion = " + stat.version() + "\n"
                + "aclVersion = " + stat.aversion() + "\n"
                + "ephemeralOwner = 0x" + Long.toHexString(stat.ephemeralOwner()) + "\n"
                + "dataLength = " + stat.dataLength() + "\n"
                + "numChildren = " + stat.numChildren();
    }

    /** {@code WATCHER:: WatchedEvent state:SyncConnected type:NodeDataChanged path:/a}. */
    static String event(WatcherEvent event) {
        return "WATCHER:: WatchedEvent state:" + state(event.state()) + " type:" + type(event.type()) + " path:" + event.path();
    }

    static String state(KeeperState state) {
        return switch (state) {
            case DISCONNECTED -> "Disconnected";
            case SYNC_CONNECTED -> "SyncConnected";
            case AUTH_FAILED -> "AuthFailed";
            case CONNECTED_READ_ONLY -> "ConnectedReadOnly";
            case EXPIRED -> "Expired";
            case CLOSED -> "Closed";
        };
    }

    static String type(EventType type) {
        return switch (type) {
            case NONE -> "None";
            case NODE_CREATED -> "NodeCreated";
            case NODE_DELETED -> "NodeDeleted";
            case NODE_DATA_CHANGED -> "NodeDataChanged";
            case NODE_CHILDREN_CHANGED -> "NodeChildrenChanged";
            case DATA_WATCH_REMOVED -> "DataWatchRemoved";
            case CHILD_WATCH_REMOVED -> "ChildWatchRemoved";
            case PERSISTENT_WATCH_REMOVED -> "PersistentWatchRemoved";
        };
    }

    /** zkCli's getAcl lines: {@code 'world,'anyone} then {@code : cdrwa}. */
    static String acl(List<Acl> acls) {
        StringBuilder text = new StringBuilder();
        for (Acl acl : acls) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append('\'').append(acl.id().scheme()).append(",'").append(acl.id().id())
                    .append("\n: ").append(Perms.toString(acl.perms()));
        }
        return text.toString();
    }

    /** zkCli's ACL syntax: {@code scheme:id:perms[,scheme:id:perms...]}, perms from {@code cdrwa}. */
    static List<Acl> parseAcl(String text) {
        List<Acl> acls = new ArrayList<>();
        for (String entry : text.split(",")) {
            int first = entry.indexOf(':');
            int last = entry.lastIndexOf(':');
            if (first < 0 || first == last) {
                throw new BadArgumentException("acl '" + entry + "' is not scheme:id:perms");
            }
            acls.add(new Acl(perms(entry.substring(last + 1), entry),
                    new Id(entry.substring(0, first), entry.substring(first + 1, last))));
        }
        return acls;
    }

    private static int perms(String letters, String entry) {
        if (letters.isEmpty()) {
            throw new BadArgumentException("acl '" + entry + "' has no permissions (use letters of cdrwa)");
        }
        int perms = 0;
        for (char c : letters.toCharArray()) {
            perms |= switch (c) {
                case 'c' -> Perms.CREATE;
                case 'd' -> Perms.DELETE;
                case 'r' -> Perms.READ;
                case 'w' -> Perms.WRITE;
                case 'a' -> Perms.ADMIN;
                default -> throw new BadArgumentException("acl '" + entry + "': permission '" + c + "' is not one of cdrwa");
            };
        }
        return perms;
    }

    /** The one line zkCli prints for a failed call (its {@code CliWrapperException} texts). */
    static String error(KeeperException e) {
        String path = e.path();
        return switch (e.code()) {
            case NONODE -> "Node does not exist: " + path;
            case NODEEXISTS -> "Node already exists: " + path;
            case NOTEMPTY -> "Node not empty: " + path;
            case BADVERSION -> "version No is not valid : " + path;
            case NOCHILDRENFOREPHEMERALS -> "Ephemerals cannot have children: " + path;
            case INVALIDACL -> "Acl is not valid : " + path;
            case NOAUTH -> "Insufficient permission : " + path;
            case BADARGUMENTS -> "Arguments are not valid : " + path;
            default -> "KeeperErrorCode = " + codeName(e.code()) + (path == null ? "" : " for " + path);
        };
    }

    /** ZooKeeper's spelling of a code ({@code KeeperException.Code}'s messages): ConnectionLoss, NoWatcher, ... */
    static String codeName(ErrorCode code) {
        return switch (code) {
            case CONNECTIONLOSS -> "ConnectionLoss";
            case SESSIONEXPIRED -> "Session expired";
            case UNIMPLEMENTED -> "Unimplemented";
            case NOWATCHER -> "No such watcher";
            case AUTHFAILED -> "AuthFailed";
            case REQUESTTIMEOUT -> "Request timeout";
            case OPERATIONTIMEOUT -> "OperationTimeout";
            default -> code.name();
        };
    }
}
