package dev.cairn.pipeline.run;

import java.time.Duration;

/** A change of a step's state during a run, as the command line prints it. */
public sealed interface StepEvent {
    /** The step's name. */
    String step();

    /** An attempt started. */
    record Started(String step, int attempt) implements StepEvent {
    }

    /** A finished run with the same cache key was found; nothing ran. */
    record Cached(String step, String fromRunId) implements StepEvent {
    }

    /** The step succeeded. */
    record Finished(String step, Duration duration) implements StepEvent {
    }

    /** An attempt failed and another follows after a delay. */
    record Retrying(String step, int failedAttempt, Duration delay, String reason) implements StepEvent {
    }

    /** Every attempt failed. */
    record Failed(String step, String reason) implements StepEvent {
    }

    /** The step did not start because of another's failure or a cancellation, or was running and was interrupted by a cancellation. */
    record Cancelled(String step, String reason) implements StepEvent {
    }
}
