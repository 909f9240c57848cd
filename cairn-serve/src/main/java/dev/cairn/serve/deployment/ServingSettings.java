package dev.cairn.serve.deployment;

import dev.cairn.core.error.CairnException;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How a deployment scores.
 *
 * @param maxBatchSize the most rows one model call scores when requests are micro-batched
 * @param maxWait how long a request may wait for others to batch with; zero turns batching off
 * @param threads how many model calls may run at once
 * @param maxRequestBytes the largest request body accepted
 * @param timeout how long a request may wait for a scoring thread before it is refused (503)
 */
public record ServingSettings(int maxBatchSize, Duration maxWait, int threads, long maxRequestBytes, Duration timeout) {
    /** No batching, two scoring threads per core, 4 MiB requests, 5 s timeout. */
    public static final ServingSettings DEFAULT = new ServingSettings(64, Duration.ZERO,
            2 * Runtime.getRuntime().availableProcessors(), 4L << 20, Duration.ofSeconds(5));

    public ServingSettings {
        requireNonNull(maxWait, "maxWait is null");
        requireNonNull(timeout, "timeout is null");
        check(maxBatchSize >= 1 && maxBatchSize <= 100_000, "max_batch_size must be between 1 and 100000");
        check(!maxWait.isNegative() && maxWait.compareTo(Duration.ofSeconds(1)) <= 0, "max_wait_ms must be between 0 and 1000");
        check(threads >= 1 && threads <= 256, "threads must be between 1 and 256");
        check(maxRequestBytes >= 1024 && maxRequestBytes <= 64L << 20, "max_request_bytes must be between 1024 and 67108864");
        check(timeout.compareTo(Duration.ofMillis(10)) >= 0 && timeout.compareTo(Duration.ofMinutes(5)) <= 0,
                "timeout_ms must be between 10 and 300000");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw CairnException.invalidParameter(message);
        }
    }
}
