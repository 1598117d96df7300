package dev.minizk.status;

/**
 * A node's data, ready for both of the page's views.
 *
 * @param length    the full length in bytes (0 for null or empty data)
 * @param isNull    whether the data is null, which ZooKeeper distinguishes from empty
 * @param shown     how many bytes {@code hex} and {@code text} cover (at most {@link StatusQueries#DATA_SHOWN})
 * @param hex       the first {@code shown} bytes, two hex digits each
 * @param text      those bytes as UTF-8 text, or null when they are not valid UTF-8
 * @param printable whether {@code text} is plain text (no control characters besides tab and newlines),
 *                  so the page opens it as text rather than as a hex dump
 */
public record DataView(int length, boolean isNull, int shown, String hex, String text, boolean printable) {
}
