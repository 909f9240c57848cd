package dev.cairn.pipeline.run;

import dev.cairn.pipeline.step.Output;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How one step of a pipeline run ended.
 *
 * @param runId  the step's run, if it got one (cancelled steps do not; killed ones do)
 * @param reason why it failed, was cancelled or was killed
 */
public record StepOutcome(String step, StepState state, Map<String, Output> outputs, Optional<String> runId, Duration duration,
                          Optional<String> reason) {
    public StepOutcome {
        requireNonNull(step, "step is null");
        requireNonNull(state, "state is null");
        outputs = Map.copyOf(outputs);
        requireNonNull(runId, "runId is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(reason, "reason is null");
    }

    /** Whether steps reading from this one may run. */
    public boolean succeeded() {
        return state == StepState.FINISHED || state == StepState.CACHED;
    }
}
