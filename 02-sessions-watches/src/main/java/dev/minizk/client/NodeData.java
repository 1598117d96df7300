package dev.minizk.client;

import dev.minizk.tree.Stat;

/** What getData answers: the node's bytes and its Stat. */
public record NodeData(byte[] data, Stat stat) {
}
