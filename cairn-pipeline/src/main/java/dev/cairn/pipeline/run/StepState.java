package dev.cairn.pipeline.run;

/** How a step of a pipeline run ended. */
public enum StepState {
    /** It ran and succeeded. */
    FINISHED,
    /** A finished run with the same cache key existed; its outputs were reused. */
    CACHED,
    /** Every attempt failed. */
    FAILED,
    /** It never started: a step it reads from, or another step, failed first, or the run was cancelled. */
    CANCELLED,
    /** It was running when the run was cancelled and was interrupted; its run ended KILLED. */
    KILLED
}
