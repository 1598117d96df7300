package dev.minizk.history;

/** The watch event types a txn can trigger (ZooKeeper's names). */
public enum EventType {
    NodeCreated, NodeDeleted, NodeDataChanged, NodeChildrenChanged
}
