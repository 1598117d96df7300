package dev.minizk.zabcheck;

/** The properties the checker verifies, with the sentence a report prints for each. */
public enum ZabProperty {
    ONE_LEADER_PER_EPOCH("at most one leader is established in an epoch"),
    ESTABLISHED_BY_QUORUM("a leader is established only when a quorum acked its NEWLEADER"),
    INTEGRITY("a server delivers only txns that the established leader of their epoch proposed"),
    QUORUM_COMMIT("a txn is committed only after a quorum acked it"),
    TOTAL_ORDER("if a server delivers a before b, every server that delivers b delivers a before it"),
    AGREEMENT("if one server delivers a and another b, one of them delivers both"),
    LOCAL_PRIMARY_ORDER("a server that delivers a leader's txn b delivered every txn that leader proposed before b"),
    GLOBAL_PRIMARY_ORDER("txns of an older epoch are delivered before txns of a newer one"),
    PRIMARY_INTEGRITY("a new leader has every txn of an older epoch that anyone delivers before it broadcasts its own");

    private final String rule;

    ZabProperty(String rule) {
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }

    /** {@code TOTAL_ORDER} → {@code total order}. */
    public String title() {
        return name().toLowerCase().replace('_', ' ');
    }
}
