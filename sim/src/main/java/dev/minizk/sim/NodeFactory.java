package dev.minizk.sim;

/** Builds a node for a server id: at its first start and after every restart. */
@FunctionalInterface
public interface NodeFactory<M> {
    Node<M> create(int id);
}
