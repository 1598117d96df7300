package dev.minizk.wire;

import dev.minizk.tree.Acl;
import dev.minizk.tree.Id;
import dev.minizk.tree.Stat;

import java.util.ArrayList;
import java.util.List;

/** The records shared by many requests and replies: Stat, ACL, Id (jute field order). */
final class WireRecords {
    /** A Stat is 68 bytes: six longs and five ints, in ZooKeeper's declaration order. */
    static final int STAT_BYTES = 68;

    private WireRecords() {
    }

    static void writeStat(JuteWriter out, Stat stat) {
        out.writeLong(stat.czxid()).writeLong(stat.mzxid()).writeLong(stat.ctime()).writeLong(stat.mtime())
                .writeInt(stat.version()).writeInt(stat.cversion()).writeInt(stat.aversion())
                .writeLong(stat.ephemeralOwner()).writeInt(stat.dataLength()).writeInt(stat.numChildren())
                .writeLong(stat.pzxid());
    }

    static Stat readStat(JuteReader in) throws MalformedFrameException {
        return new Stat(in.readLong("stat.czxid"), in.readLong("stat.mzxid"), in.readLong("stat.ctime"),
                in.readLong("stat.mtime"), in.readInt("stat.version"), in.readInt("stat.cversion"),
                in.readInt("stat.aversion"), in.readLong("stat.ephemeralOwner"), in.readInt("stat.dataLength"),
                in.readInt("stat.numChildren"), in.readLong("stat.pzxid"));
    }

    /** {@code vector<ACL>}, each {@code ACL { int perms; Id { ustring scheme; ustring id } }}. */
    static void writeAcls(JuteWriter out, List<Acl> acls) {
        if (acls == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(acls.size());
        for (Acl acl : acls) {
            out.writeInt(acl.perms());
            writeId(out, acl.id());
        }
    }

    /**
     * A null vector stays null (the server reports it as INVALIDACL, as ZooKeeper does).
     * An Id with a null scheme or id cannot be represented by {@link Id}; it becomes the empty
     * string, which no ACL rule accepts, so the request still gets a clean INVALIDACL.
     */
    static List<Acl> readAcls(JuteReader in) throws MalformedFrameException {
        int count = in.readCount("acl", 12);
        if (count < 0) {
            return null;
        }
        List<Acl> acls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int perms = in.readInt("acl[" + i + "].perms");
            acls.add(new Acl(perms, readId(in, "acl[" + i + "]")));
        }
        return acls;
    }

    static void writeId(JuteWriter out, Id id) {
        out.writeString(id.scheme()).writeString(id.id());
    }

    static Id readId(JuteReader in, String field) throws MalformedFrameException {
        String scheme = in.readString(field + ".scheme");
        String id = in.readString(field + ".id");
        return new Id(scheme == null ? "" : scheme, id == null ? "" : id);
    }

    static List<String> nonNull(List<String> values) {
        return values == null ? List.of() : values;
    }
}
