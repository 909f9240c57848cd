package dev.cairn.pipeline.run;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A finished pipeline run: its tracking run and each step's outcome, in the pipeline's order. */
public record PipelineResult(String runId, List<StepOutcome> steps) {
    public PipelineResult {
        requireNonNull(runId, "runId is null");
        steps = List.copyOf(steps);
    }

    /** Whether every step finished or was cached. */
    public boolean succeeded() {
        return steps.stream().allMatch(StepOutcome::succeeded);
    }

    /**
     * Whether the run was stopped by its {@link PipelineCancellation}: some step was cancelled or
     * killed and none failed (a step failing cancels the others too, but that run failed).
     */
    public boolean cancelled() {
        return !succeeded() && steps.stream().noneMatch(step -> step.state() == StepState.FAILED);
    }

    /** The outcome of a step. */
    public StepOutcome step(String name) {
        return steps.stream().filter(s -> s.step().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step '" + name + "'"));
    }
}
