package dev.minizk.tree;

import java.util.HashMap;
import java.util.Map;

/**
 * ZooKeeper's error codes ({@code KeeperException.Code}), with the same numbers, so that
 * a reply built from this enum means the same thing to a stock ZooKeeper client.
 */
public enum ErrorCode {
    OK(0),
    SYSTEMERROR(-1),
    RUNTIMEINCONSISTENCY(-2),
    DATAINCONSISTENCY(-3),
    CONNECTIONLOSS(-4),
    MARSHALLINGERROR(-5),
    UNIMPLEMENTED(-6),
    OPERATIONTIMEOUT(-7),
    BADARGUMENTS(-8),
    UNKNOWNSESSION(-12),
    NEWCONFIGNOQUORUM(-13),
    RECONFIGINPROGRESS(-14),
    APIERROR(-100),
    NONODE(-101),
    NOAUTH(-102),
    BADVERSION(-103),
    NOCHILDRENFOREPHEMERALS(-108),
    NODEEXISTS(-110),
    NOTEMPTY(-111),
    SESSIONEXPIRED(-112),
    INVALIDCALLBACK(-113),
    INVALIDACL(-114),
    AUTHFAILED(-115),
    SESSIONMOVED(-118),
    NOTREADONLY(-119),
    EPHEMERALONLOCALSESSION(-120),
    NOWATCHER(-121),
    REQUESTTIMEOUT(-122),
    RECONFIGDISABLED(-123),
    SESSIONCLOSEDREQUIRESASLAUTH(-124),
    QUOTAEXCEEDED(-125),
    THROTTLEDOP(-127);

    private static final Map<Integer, ErrorCode> BY_VALUE = new HashMap<>();

    static {
        for (ErrorCode code : values()) {
            BY_VALUE.put(code.value, code);
        }
    }

    private final int value;

    ErrorCode(int value) {
        this.value = value;
    }

    /** The number on the wire. */
    public int value() {
        return value;
    }

    /** The code with this wire number; an unknown number is a caller's bug, so it throws. */
    public static ErrorCode of(int value) {
        ErrorCode code = BY_VALUE.get(value);
        if (code == null) {
            throw new IllegalArgumentException("unknown ZooKeeper error code " + value);
        }
        return code;
    }
}
