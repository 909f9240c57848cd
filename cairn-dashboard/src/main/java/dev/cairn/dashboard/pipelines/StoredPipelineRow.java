package dev.cairn.dashboard.pipelines;

import dev.cairn.core.pipeline.Pipeline;
import dev.cairn.core.pipeline.PipelineRun;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A stored pipeline in the list.
 *
 * @param nextRun when its schedule fires next
 * @param latest  its latest requested run
 */
public record StoredPipelineRow(Pipeline pipeline, Optional<Instant> nextRun, Optional<PipelineRun> latest) {
    public StoredPipelineRow {
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(nextRun, "nextRun is null");
        requireNonNull(latest, "latest is null");
    }
}
