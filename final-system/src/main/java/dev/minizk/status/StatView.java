package dev.minizk.status;

import dev.minizk.tree.Stat;

/**
 * ZooKeeper's {@code Stat}, field for field, with the 64-bit ids in hex (see {@link Hex}).
 */
public record StatView(String czxid, String mzxid, String pzxid, long ctime, long mtime, int version,
                       int cversion, int aversion, String ephemeralOwner, int dataLength, int numChildren) {

    static StatView of(Stat s) {
        return new StatView(Hex.id(s.czxid()), Hex.id(s.mzxid()), Hex.id(s.pzxid()), s.ctime(), s.mtime(),
                s.version(), s.cversion(), s.aversion(), Hex.id(s.ephemeralOwner()), s.dataLength(), s.numChildren());
    }
}
