package dev.minizk.server;

import dev.minizk.acl.AclEnforcer;
import dev.minizk.proto.AddWatchMode;
import dev.minizk.proto.Request;
import dev.minizk.proto.Response;
import dev.minizk.proto.Response.OpResult;
import dev.minizk.proto.WatcherType;
import dev.minizk.tree.DataTree;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.Id;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Perms;
import dev.minizk.tree.Znode;
import dev.minizk.tree.ZnodePath;
import dev.minizk.watch.WatchManager;

import java.util.ArrayList;
import java.util.List;

/**
 * Answers the requests that change nothing: reads, watch management, sync and the
 * session-introspection calls. They take no zxid and run against the tree as it is now.
 * Checks follow ZooKeeper's final request processor: reads of a missing node are NONODE
 * whatever the path looks like, and the ACL is checked only on a node that exists.
 */
final class ReadRequests {
    private final DataTree tree;
    private final WatchManager watches;

    ReadRequests(DataTree tree, WatchManager watches) {
        this.tree = tree;
        this.watches = watches;
    }

    Response answer(Connection client, Request request) {
        AclEnforcer acl = new AclEnforcer(client.auth());
        long watcher = client.id();
        if (request instanceof Request.Ping) {
            return new Response.Empty();
        } else if (request instanceof Request.GetData r) {
            return getData(r, acl, watcher);
        } else if (request instanceof Request.Exists r) {
            return exists(r, acl, watcher);
        } else if (request instanceof Request.GetChildren r) {
            return getChildren(r, acl, watcher);
        } else if (request instanceof Request.GetAcl r) {
            Znode node = readable(r.path(), acl, Perms.READ | Perms.ADMIN);
            return new Response.AclWithStat(acl.visibleAcl(node.acl()), node.stat());
        } else if (request instanceof Request.Sync r) {
            return new Response.PathOnly(r.path());
        } else if (request instanceof Request.MultiRead r) {
            return multiRead(r, acl, watcher);
        } else if (request instanceof Request.AddWatch r) {
            return addWatch(r, watcher);
        } else if (request instanceof Request.CheckWatches r) {
            if (!watches.hasWatch(r.path(), watcherType(r.path(), r.type()), watcher)) {
                throw new KeeperException(ErrorCode.NOWATCHER, r.path());
            }
            return new Response.Empty();
        } else if (request instanceof Request.RemoveWatches r) {
            if (!watches.removeWatches(r.path(), watcherType(r.path(), r.type()), watcher)) {
                throw new KeeperException(ErrorCode.NOWATCHER, r.path());
            }
            return new Response.Empty();
        } else if (request instanceof Request.GetEphemerals r) {
            return ephemerals(client.sessionId(), r.prefix());
        } else if (request instanceof Request.GetAllChildrenNumber r) {
            readable(r.path(), acl, Perms.READ);
            return new Response.Count(descendants(r.path()));
        } else if (request instanceof Request.WhoAmI) {
            return new Response.Identities(whoAmI(client));
        }
        throw new KeeperException(ErrorCode.UNIMPLEMENTED, request.path(), "op " + request.opCode());
    }

    /**
     * getData: the node's data and Stat; with watch=true a data watch, set only when the
     * node exists and may be read.
     *
     * <p>Hint (02.6): look the node up (NONODE), check READ, then register the watch.
     */
    private Response.Data getData(Request.GetData request, AclEnforcer acl, long watcher) {
        // BEGIN SOLUTION 02.6
        Znode node = readable(request.path(), acl, Perms.READ);
        if (request.watch()) {
            watches.addDataWatch(request.path(), watcher);
        }
        return new Response.Data(node.data(), node.stat());
        // END SOLUTION
    }

    /**
     * exists: the Stat, or NONODE. With watch=true a data watch is set <em>even when the node
     * does not exist</em>: that is how a client waits for a node to appear.
     *
     * <p>Hint (02.6): only a NUL character makes the path bad here (BADARGUMENTS); READ is
     * checked only on an existing node; register the watch before answering NONODE.
     */
    private Response.StatOnly exists(Request.Exists request, AclEnforcer acl, long watcher) {
        // BEGIN SOLUTION 02.6
        String path = request.path();
        if (path == null || path.indexOf('\0') >= 0) {
            throw new KeeperException(ErrorCode.BADARGUMENTS, path);
        }
        Znode node = tree.node(path);
        if (node != null) {
            acl.checkPermission(path, node.acl(), Perms.READ);
        }
        if (request.watch()) {
            watches.addDataWatch(path, watcher);
        }
        if (node == null) {
            throw new KeeperException(ErrorCode.NONODE, path);
        }
        return new Response.StatOnly(node.stat());
        // END SOLUTION
    }

    private Response getChildren(Request.GetChildren request, AclEnforcer acl, long watcher) {
        Znode node = readable(request.path(), acl, Perms.READ);
        if (request.watch()) {
            watches.addChildWatch(request.path(), watcher);
        }
        return request.withStat()
                ? new Response.ChildrenWithStat(node.children(), node.stat())
                : new Response.Children(node.children());
    }

    /** Each read of a multiRead stands alone: a failing one reports its error, the others their results. */
    private Response.MultiResults multiRead(Request.MultiRead request, AclEnforcer acl, long watcher) {
        List<OpResult> results = new ArrayList<>(request.ops().size());
        for (Request op : request.ops()) {
            try {
                if (op instanceof Request.GetData r) {
                    Response.Data data = getData(r, acl, watcher);
                    results.add(new OpResult.GetData(data.data(), data.stat()));
                } else if (op instanceof Request.GetChildren r) {
                    results.add(new OpResult.GetChildren(readable(r.path(), acl, Perms.READ).children()));
                    if (r.watch()) {
                        watches.addChildWatch(r.path(), watcher);
                    }
                } else {
                    results.add(new OpResult.Error(ErrorCode.BADARGUMENTS));
                }
            } catch (KeeperException e) {
                results.add(new OpResult.Error(e.code()));
            }
        }
        return new Response.MultiResults(results);
    }

    /** addWatch sets a persistent watch on any path, even one that does not exist yet. */
    private Response addWatch(Request.AddWatch request, long watcher) {
        AddWatchMode mode = AddWatchMode.ofOrNull(request.mode());
        if (mode == null || request.path() == null) {
            throw new KeeperException(ErrorCode.BADARGUMENTS, request.path(), "unknown addWatch mode " + request.mode());
        }
        watches.addPersistentWatch(request.path(), watcher, mode);
        return new Response.ErrorOnly(ErrorCode.OK);
    }

    private static WatcherType watcherType(String path, int type) {
        WatcherType watcherType = WatcherType.ofOrNull(type);
        if (watcherType == null || path == null) {
            throw new KeeperException(ErrorCode.BADARGUMENTS, path, "unknown watcher type " + type);
        }
        return watcherType;
    }

    /** The connection's identities as ZooKeeper reports them: a digest id shows only its user name. */
    private static List<Id> whoAmI(Connection client) {
        List<Id> ids = new ArrayList<>();
        for (Id id : client.auth().ids()) {
            int colon = id.id().indexOf(':');
            boolean digest = id.scheme().equals("digest") && colon >= 0;
            ids.add(digest ? new Id("digest", id.id().substring(0, colon)) : id);
        }
        return ids;
    }

    /** The session's own ephemerals under a plain string prefix; "" or "/" means all. */
    private Response.Ephemerals ephemerals(long sessionId, String prefix) {
        boolean all = prefix == null || prefix.isBlank() || prefix.trim().equals("/");
        List<String> paths = new ArrayList<>();
        for (String path : tree.ephemerals(sessionId)) {
            if (all || path.startsWith(prefix)) {
                paths.add(path);
            }
        }
        return new Response.Ephemerals(paths);
    }

    /** Every node below a path, at any depth (ZooKeeper's getAllChildrenNumber). */
    private int descendants(String path) {
        int count = 0;
        for (String name : tree.node(path).children()) {
            count += 1 + descendants(ZnodePath.child(path, name));
        }
        return count;
    }

    private Znode readable(String path, AclEnforcer acl, int perm) {
        Znode node = path == null ? null : tree.node(path);
        if (node == null) {
            throw new KeeperException(ErrorCode.NONODE, path);
        }
        acl.checkPermission(path, node.acl(), perm);
        return node;
    }
}
