package dev.cairn.serve.log;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How much the prediction log holds before it writes, and for how long.
 *
 * @param queueCapacity records waiting for the writer thread; beyond this, records are dropped
 *                      rather than slowing the responses down
 * @param segmentRows a deployment's open segment is written once it holds this many records
 * @param segmentAge a deployment's open segment is written once it has been open this long, so a
 *                   quiet deployment's predictions still reach the store
 */
public record PredictionLogSettings(int queueCapacity, int segmentRows, Duration segmentAge) {
    /** A queue of 65,536 records, segments of at most 100,000 rows or 60 seconds. */
    public static final PredictionLogSettings DEFAULT = new PredictionLogSettings(65_536, 100_000, Duration.ofSeconds(60));

    public PredictionLogSettings {
        requireNonNull(segmentAge, "segmentAge is null");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, not " + queueCapacity);
        }
        if (segmentRows < 1) {
            throw new IllegalArgumentException("segmentRows must be at least 1, not " + segmentRows);
        }
        if (segmentAge.isNegative() || segmentAge.isZero()) {
            throw new IllegalArgumentException("segmentAge must be positive, not " + segmentAge);
        }
    }
}
