package dev.cairn.core.tracking;

import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/** The metadata of a run: identity, owner, state and where its artifacts live. */
public record RunInfo(
        String runId,
        String runName,
        String experimentId,
        String userId,
        RunStatus status,
        long startTime,
        OptionalLong endTime,
        String artifactUri,
        LifecycleStage lifecycleStage) {
    public RunInfo {
        requireNonNull(runId, "runId is null");
        requireNonNull(runName, "runName is null");
        requireNonNull(experimentId, "experimentId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(status, "status is null");
        requireNonNull(endTime, "endTime is null");
        requireNonNull(artifactUri, "artifactUri is null");
        requireNonNull(lifecycleStage, "lifecycleStage is null");
    }
}
