package dev.cairn.core.pipeline;

/**
 * What fires stored pipelines: the API, schedules, watched data and other components (a
 * monitoring alert) request runs through this, and the pipeline's concurrency policy decides
 * whether each one queues, is skipped or starts beside the others.
 */
public interface PipelineTriggers {
    /** Requests a run of a stored pipeline; the run comes back QUEUED or SKIPPED. */
    PipelineRun request(String pipeline, RunRequest request);
}
