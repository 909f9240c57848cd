package dev.cairn.serve.deployment;

import dev.cairn.core.error.CairnException;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * When a canary is taken off traffic: its error rate or its p99 latency above a threshold over a
 * window that holds at least {@code minRequests} of its requests.
 */
public record RollbackRule(Optional<Double> maxErrorRate, Optional<Double> maxP99Millis, Duration window, int minRequests) {
    public RollbackRule {
        requireNonNull(maxErrorRate, "maxErrorRate is null");
        requireNonNull(maxP99Millis, "maxP99Millis is null");
        requireNonNull(window, "window is null");
        if (maxErrorRate.isEmpty() && maxP99Millis.isEmpty()) {
            throw CairnException.invalidParameter("A rollback rule needs max_error_rate, max_p99_ms or both");
        }
        maxErrorRate.ifPresent(rate -> {
            if (!(rate >= 0 && rate <= 1)) {
                throw CairnException.invalidParameter("max_error_rate is a fraction between 0 and 1; got " + rate);
            }
        });
        maxP99Millis.ifPresent(p99 -> {
            if (!(p99 > 0) || p99.isInfinite()) {
                throw CairnException.invalidParameter("max_p99_ms must be a positive number; got " + p99);
            }
        });
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(ArmStats.MAX_WINDOW) > 0) {
            throw CairnException.invalidParameter("window_seconds must be between 1 and " + ArmStats.MAX_WINDOW.toSeconds());
        }
        if (minRequests < 1) {
            throw CairnException.invalidParameter("min_requests must be at least 1");
        }
    }
}
