package dev.minizk.history;

/**
 * The Stat fields the checker compares (a reply's Stat has more; the others follow from these or
 * from wall clocks). {@code czxid} and {@code mzxid} are compared when the model knows the zxid of
 * the write that set them.
 */
public record NodeStat(long czxid, long mzxid, int version, long ephemeralOwner, int numChildren) {

    /** A persistent node without children. */
    public static NodeStat of(long czxid, long mzxid, int version) {
        return new NodeStat(czxid, mzxid, version, 0, 0);
    }

    @Override
    public String toString() {
        return "version " + version + ", czxid " + Zxids.format(czxid) + ", mzxid " + Zxids.format(mzxid)
                + (ephemeralOwner != 0 ? ", owner 0x" + Long.toHexString(ephemeralOwner) : "")
                + (numChildren != 0 ? ", " + numChildren + " children" : "");
    }
}
