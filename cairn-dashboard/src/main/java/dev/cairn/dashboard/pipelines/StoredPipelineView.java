package dev.cairn.dashboard.pipelines;

import dev.cairn.core.pipeline.Pipeline;
import dev.cairn.core.pipeline.PipelineRun;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A stored pipeline's page: its spec, schedule and policy, and its requested runs.
 *
 * @param nextRun when its schedule fires next
 * @param runs    its latest requested runs, newest first, each with the tracking run that records its steps
 */
public record StoredPipelineView(Pipeline pipeline, Optional<Instant> nextRun, List<Requested> runs) {
    public StoredPipelineView {
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(nextRun, "nextRun is null");
        runs = List.copyOf(runs);
    }

    /** A requested run and its tracking run, once it has one. */
    public record Requested(PipelineRun run, Optional<String> trackingRunId) {
        public Requested {
            requireNonNull(run, "run is null");
            requireNonNull(trackingRunId, "trackingRunId is null");
        }
    }
}
