package dev.cairn.core.pipeline;

import static java.util.Objects.requireNonNull;

/**
 * What a worker got when it tried to start a run.
 *
 * @param run the run as it is after the attempt
 */
public record RunClaim(Outcome outcome, PipelineRun run) {
    public RunClaim {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(run, "run is null");
    }

    /** The kinds of answer. */
    public enum Outcome {
        /** The run was queued and is now this worker's. */
        STARTED,
        /** The run was running on a worker that died; it is now this worker's, to resume. */
        TAKEN_OVER,
        /** The run must wait: its pipeline's policy lets another run go first. */
        WAIT,
        /** The run is over (finished, cancelled or skipped); there is nothing to do. */
        OVER
    }
}
