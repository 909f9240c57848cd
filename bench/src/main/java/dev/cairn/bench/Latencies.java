package dev.cairn.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, summarized as percentiles in milliseconds. */
final class Latencies {
    private long[] samples = new long[1024];
    private int count;

    synchronized void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    synchronized double percentileMillis(double percentile) {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int index = (int) Math.min(count - 1, Math.ceil(percentile / 100.0 * count) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    synchronized double meanMillis() {
        return Arrays.stream(samples, 0, count).average().orElse(0) / 1e6;
    }

    synchronized int count() {
        return count;
    }
}
