package dev.cairn.pipeline.run;

import dev.cairn.core.tracking.RunStatus;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/** A run's id, experiment, status and tags, as a cache lookup or a resume finds it. */
public record TaggedRun(String runId, String experimentId, RunStatus status, Map<String, String> tags) {
    public TaggedRun {
        requireNonNull(runId, "runId is null");
        requireNonNull(experimentId, "experimentId is null");
        requireNonNull(status, "status is null");
        tags = Map.copyOf(tags);
    }
}
