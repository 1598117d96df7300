package dev.minizk.recovery;

import dev.minizk.sim.Storage;

import java.nio.charset.StandardCharsets;

/**
 * ZooKeeper's two small epoch files, {@code acceptedEpoch} and {@code currentEpoch}: a decimal
 * number each, replaced atomically (a temporary file, synced, renamed over the old one), and
 * written <em>before</em> the server uses the new value (ZOOKEEPER-2307: the other order lets a
 * crash leave a server that acted on an epoch it then forgets).
 */
public final class EpochFiles {
    public static final String ACCEPTED = "acceptedEpoch";
    public static final String CURRENT = "currentEpoch";

    private EpochFiles() {
    }

    /** The epoch in {@code file}, 0 if there is none yet; a garbled file stops the server. */
    /**
     * <p>Hint (05.4): a missing file is epoch 0; otherwise its text, parsed ({@link #parse}).
     */
    public static long read(Storage storage, String file) {
        // BEGIN SOLUTION 05.4
        return storage.read(file).map(bytes -> parse(file, new String(bytes, StandardCharsets.US_ASCII))).orElse(0L);
        // END SOLUTION
    }

    /**
     * <p>Hint (05.4): the decimal text, written with {@link Storage#writeAtomically}.
     */
    public static void write(Storage storage, String file, long epoch) {
        // BEGIN SOLUTION 05.4
        storage.writeAtomically(file, Long.toString(epoch).getBytes(StandardCharsets.US_ASCII));
        // END SOLUTION
    }

    private static long parse(String file, String text) {
        try {
            long epoch = Long.parseLong(text.trim());
            if (epoch < 0) {
                throw new NumberFormatException("negative");
            }
            return epoch;
        } catch (NumberFormatException e) {
            // Written atomically, so it cannot be torn: a bad one is a broken disk or a bug.
            throw new IllegalStateException("file " + file + " holds '" + text + "', not an epoch: refusing to start", e);
        }
    }
}
