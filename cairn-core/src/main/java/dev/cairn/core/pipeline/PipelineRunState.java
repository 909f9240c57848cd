package dev.cairn.core.pipeline;

/** Where a requested pipeline run is. */
public enum PipelineRunState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, SKIPPED;

    /** Whether the run is over. */
    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }
}
