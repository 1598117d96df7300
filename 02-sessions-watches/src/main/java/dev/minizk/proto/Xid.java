package dev.minizk.proto;

/** The reserved xids of ZooKeeper's client protocol; ordinary requests count up from 1. */
public final class Xid {
    /** A server-pushed watch notification. */
    public static final int NOTIFICATION = -1;
    public static final int PING = -2;
    public static final int AUTH = -4;
    public static final int SET_WATCHES = -8;

    private Xid() {
    }
}
