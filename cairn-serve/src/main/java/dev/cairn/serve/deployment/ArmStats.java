package dev.cairn.serve.deployment;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Requests, failures and latencies of one arm over the last minutes, in one-second buckets with
 * a log-scale latency histogram each: what a rollback rule is checked against. Recording is a few
 * atomic increments, so it costs nothing on the request path.
 */
final class ArmStats {
    /** The longest window a rule may look at. */
    static final Duration MAX_WINDOW = Duration.ofMinutes(10);
    private static final int SECONDS = (int) MAX_WINDOW.toSeconds() + 1;
    /** Latency bucket i holds latencies up to 50 µs × 1.3^i: 48 buckets reach about 15 s. */
    private static final int LATENCY_BUCKETS = 48;
    private static final double FIRST_BOUND_MICROS = 50;
    private static final double GROWTH = 1.3;
    private static final int WIDTH = 3 + LATENCY_BUCKETS;

    /** Per second: [epoch second, requests, failures, latency buckets...]. */
    private final AtomicLongArray cells = new AtomicLongArray(SECONDS * WIDTH);

    /** Records one request's outcome. */
    void record(long epochMillis, long latencyMicros, boolean failed) {
        long second = epochMillis / 1000;
        int base = (int) (second % SECONDS) * WIDTH;
        long stamp = cells.get(base);
        if (stamp != second) {
            // The first request of a new second clears what the bucket held a window ago.
            if (cells.compareAndSet(base, stamp, second)) {
                for (int i = 1; i < WIDTH; i++) {
                    cells.set(base + i, 0);
                }
            }
        }
        cells.incrementAndGet(base + 1);
        if (failed) {
            cells.incrementAndGet(base + 2);
        }
        cells.incrementAndGet(base + 3 + bucket(latencyMicros));
    }

    /** The totals over the window ending now. */
    Window window(long nowMillis, Duration window) {
        long now = nowMillis / 1000;
        long first = now - window.toSeconds() + 1;
        long requests = 0;
        long failures = 0;
        long[] latencies = new long[LATENCY_BUCKETS];
        for (long second = first; second <= now; second++) {
            int base = (int) (Math.floorMod(second, SECONDS)) * WIDTH;
            if (cells.get(base) != second) {
                continue;
            }
            requests += cells.get(base + 1);
            failures += cells.get(base + 2);
            for (int i = 0; i < LATENCY_BUCKETS; i++) {
                latencies[i] += cells.get(base + 3 + i);
            }
        }
        return new Window(requests, failures, percentileMillis(latencies, 0.5), percentileMillis(latencies, 0.99));
    }

    private static int bucket(long micros) {
        if (micros <= FIRST_BOUND_MICROS) {
            return 0;
        }
        int index = (int) Math.ceil(Math.log(micros / FIRST_BOUND_MICROS) / Math.log(GROWTH));
        return Math.min(index, LATENCY_BUCKETS - 1);
    }

    /** The upper bound of the bucket holding the quantile: never below the true value. */
    private static double percentileMillis(long[] latencies, double quantile) {
        long total = 0;
        for (long count : latencies) {
            total += count;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < latencies.length; i++) {
            seen += latencies[i];
            if (seen >= rank) {
                return FIRST_BOUND_MICROS * Math.pow(GROWTH, i) / 1000;
            }
        }
        return FIRST_BOUND_MICROS * Math.pow(GROWTH, LATENCY_BUCKETS - 1) / 1000;
    }

    /** An arm's requests, failures and median and p99 latency over a window. */
    record Window(long requests, long failures, double p50Millis, double p99Millis) {
        double errorRate() {
            return requests == 0 ? 0 : (double) failures / requests;
        }
    }
}
