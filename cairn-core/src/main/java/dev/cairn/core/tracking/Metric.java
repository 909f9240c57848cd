package dev.cairn.core.tracking;

import static java.util.Objects.requireNonNull;

/**
 * One logged point of a metric: its value at a step and a time (milliseconds since the epoch).
 * NaN and the infinities are allowed, as in MLflow.
 */
public record Metric(String key, double value, long timestamp, long step) {
    public Metric {
        requireNonNull(key, "key is null");
    }

    /**
     * True if this point supersedes {@code other} as the run's latest value of the metric: MLflow
     * orders points by step, then timestamp, then value.
     */
    public boolean isLaterThan(Metric other) {
        if (step != other.step) {
            return step > other.step;
        }
        if (timestamp != other.timestamp) {
            return timestamp > other.timestamp;
        }
        return Double.compare(value, other.value) > 0;
    }
}
