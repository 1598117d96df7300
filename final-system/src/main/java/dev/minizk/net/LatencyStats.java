package dev.minizk.net;

/** Min/avg/max request latency in ms and packet counts, as ZooKeeper's {@code srvr} shows them. */
final class LatencyStats {
    private long count;
    private long total;
    private long min = Long.MAX_VALUE;
    private long max;
    private long last;

    void record(long millis) {
        count++;
        total += millis;
        min = Math.min(min, millis);
        max = Math.max(max, millis);
        last = millis;
    }

    long min() {
        return count == 0 ? 0 : min;
    }

    long max() {
        return max;
    }

    long last() {
        return last;
    }

    /** The mean, rounded to 4 decimals, like ZooKeeper's {@code 0/0.1234/3}. */
    double avg() {
        return count == 0 ? 0.0 : Math.round(total * 10_000.0 / count) / 10_000.0;
    }

    void reset() {
        count = 0;
        total = 0;
        min = Long.MAX_VALUE;
        max = 0;
        last = 0;
    }
}
