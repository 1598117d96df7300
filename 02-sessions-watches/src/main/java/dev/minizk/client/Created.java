package dev.minizk.client;

import dev.minizk.tree.Stat;

/** What a create answers: the actual path (with a sequence number, for sequential nodes) and the new node's Stat. */
public record Created(String path, Stat stat) {
}
