package dev.minizk.client;

import dev.minizk.tree.Stat;

import java.util.List;

/** What getChildren answers with a Stat: the child names and the parent's Stat. */
public record NodeChildren(List<String> children, Stat stat) {
}
