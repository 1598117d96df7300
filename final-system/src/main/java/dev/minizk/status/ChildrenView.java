package dev.minizk.status;

import java.util.List;

/**
 * One page of a node's children, sorted by name.
 *
 * @param path      the parent's path
 * @param total     how many children it has
 * @param truncated whether {@code children} stops before {@code total} (the {@code limit} parameter)
 * @param children  the first children by name
 */
public record ChildrenView(String path, int total, boolean truncated, List<ChildView> children) {
}
