package dev.cairn.dashboard.pipelines;

import dev.cairn.core.tracking.RunInfo;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * One step of a pipeline run, from its step run.
 *
 * @param state how it ended, in lower case: {@code ran}, {@code cached} or {@code failed}; while it
 *              runs (no state tag yet), its run's status
 * @param attempts attempts it took; 0 when it did not run (cached, or still running)
 * @param durationMillis its time as the executor measured it, else its run's start to end; empty while running
 * @param cacheKey the sha256 its cache lookup used; empty on runs recorded without one
 * @param cachedFrom the run that did the work, when the outputs were reused
 * @param log its log, when the step ran and its log was uploaded
 * @param upstream the steps it reads from; empty for a source, and for step runs recorded before Cairn kept them
 */
public record StepView(RunInfo run, String step, String type, String state, int attempts, OptionalLong durationMillis,
                       String cacheKey, Optional<String> cachedFrom, List<StepOutput> outputs, Optional<String> error,
                       Optional<StepLog> log, List<String> upstream) {
    private static final int SHORT_KEY = 12;

    public StepView {
        requireNonNull(run, "run is null");
        requireNonNull(step, "step is null");
        requireNonNull(type, "type is null");
        requireNonNull(state, "state is null");
        requireNonNull(durationMillis, "durationMillis is null");
        requireNonNull(cacheKey, "cacheKey is null");
        requireNonNull(cachedFrom, "cachedFrom is null");
        outputs = List.copyOf(outputs);
        requireNonNull(error, "error is null");
        requireNonNull(log, "log is null");
        upstream = List.copyOf(upstream);
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts is negative: " + attempts);
        }
    }

    /** The cache key's first characters: enough to tell keys apart on a page. */
    public String shortCacheKey() {
        return cacheKey.length() <= SHORT_KEY ? cacheKey : cacheKey.substring(0, SHORT_KEY);
    }
}
