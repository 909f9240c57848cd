package dev.cairn.core.deployment;

import static java.util.Objects.requireNonNull;

/**
 * One closed Parquet file of a deployment's prediction log, as the metadata store indexes it.
 *
 * @param deployment the deployment whose requests the file holds
 * @param path the file's artifact path
 * @param rows the number of predictions in it
 * @param firstTimestamp the earliest prediction's time, epoch milliseconds
 * @param lastTimestamp the latest prediction's time, epoch milliseconds
 */
public record PredictionSegment(String deployment, String path, long rows, long firstTimestamp, long lastTimestamp) {
    public PredictionSegment {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(path, "path is null");
        if (rows < 1) {
            throw new IllegalArgumentException("a segment holds at least one prediction");
        }
        if (lastTimestamp < firstTimestamp) {
            throw new IllegalArgumentException("lastTimestamp is before firstTimestamp");
        }
    }
}
