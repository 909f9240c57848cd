package dev.cairn.core.pipeline;

/** What happens to a run requested while another run of the same pipeline is queued or running. */
public enum ConcurrencyPolicy {
    /** The run waits; runs start one at a time in the order they were requested. */
    QUEUE,
    /** The run is recorded as skipped and never starts. */
    SKIP,
    /** The run starts as soon as a worker is free, beside the others. */
    PARALLEL
}
