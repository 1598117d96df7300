package dev.minizk.sim;

/**
 * A host's clock: global virtual time, off by {@code offsetMillis} and running at {@code rate}
 * (1.01 runs 1% fast). Nodes read only their own clock; compare times read on one host only.
 */
public record HostClock(long offsetMillis, double rate) {

    public static final HostClock EXACT = new HostClock(0, 1.0);

    public HostClock {
        if (rate <= 0.5 || rate >= 1.5) {
            throw new IllegalArgumentException("clock rate must be within (0.5, 1.5), got " + rate);
        }
    }

    /** What this clock reads at a global time. */
    public long localTime(long globalMillis) {
        return offsetMillis + (rate == 1.0 ? globalMillis : (long) Math.floor(globalMillis * rate));
    }

    /** How much global time passes while this clock advances {@code localDelayMillis}. */
    public long globalDelay(long localDelayMillis) {
        return rate == 1.0 ? localDelayMillis : (long) Math.ceil(localDelayMillis / rate);
    }
}
