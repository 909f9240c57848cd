package dev.cairn.dashboard.pipelines;

import dev.cairn.core.tracking.RunInfo;

import static java.util.Objects.requireNonNull;

/**
 * One line of the pipeline runs list.
 *
 * @param pipeline the pipeline's name
 * @param ran steps that ran (and succeeded)
 * @param cached steps whose outputs were reused from an earlier run
 * @param failed steps whose every attempt failed
 */
public record PipelineRunRow(RunInfo run, String pipeline, int ran, int cached, int failed) {
    public PipelineRunRow {
        requireNonNull(run, "run is null");
        requireNonNull(pipeline, "pipeline is null");
        if (ran < 0 || cached < 0 || failed < 0) {
            throw new IllegalArgumentException("step counts are never negative: " + ran + ", " + cached + ", " + failed);
        }
    }
}
