package dev.minizk.status;

/**
 * A child in a tree listing: enough to draw its row (and its expand arrow) without a second request.
 *
 * @param name        its name in the parent
 * @param path        its full path
 * @param kind        as in {@link NodeView#kind()}
 * @param numChildren how many children it has
 * @param dataLength  how many bytes of data it holds
 */
public record ChildView(String name, String path, String kind, int numChildren, int dataLength) {
}
