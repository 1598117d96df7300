package dev.minizk.status;

import java.util.List;

/**
 * One live session.
 *
 * @param id             the session id, in hex
 * @param timeout        the negotiated timeout (ms)
 * @param ephemeralCount how many ephemeral nodes it owns
 * @param ephemerals     their paths, sorted, at most {@link StatusQueries#EPHEMERALS_SHOWN}
 */
public record SessionView(String id, int timeout, int ephemeralCount, List<String> ephemerals) {
}
