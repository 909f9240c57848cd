package dev.cairn.serve.deployment;

import static java.util.Objects.requireNonNull;

/**
 * What one arm of a live deployment served over a recent window, as the dashboard shows it.
 *
 * @param percent the arm's share of requests under the policy (0 for a shadow)
 * @param requestsPerSecond requests over the window divided by its length
 * @param p50Millis median latency, rounded up to the bound of its histogram bucket
 * @param p99Millis 99th percentile latency, rounded up likewise
 */
public record ArmTraffic(String arm, String model, int version, double percent, long requests, long failures, double requestsPerSecond,
                         double p50Millis, double p99Millis) {
    public ArmTraffic {
        requireNonNull(arm, "arm is null");
        requireNonNull(model, "model is null");
    }

    /** Failed requests over all requests; 0 without requests. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) failures / requests;
    }
}
