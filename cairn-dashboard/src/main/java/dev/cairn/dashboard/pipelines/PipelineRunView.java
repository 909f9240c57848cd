package dev.cairn.dashboard.pipelines;

import dev.cairn.core.tracking.Experiment;
import dev.cairn.core.tracking.RunInfo;
import dev.cairn.dashboard.Chart;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A pipeline run's page.
 *
 * @param pipeline the pipeline's name
 * @param steps its step runs in the order they started
 * @param graph the steps drawn as the DAG they ran in
 */
public record PipelineRunView(RunInfo run, Experiment experiment, String pipeline, List<StepView> steps, Chart graph) {
    public PipelineRunView {
        requireNonNull(run, "run is null");
        requireNonNull(experiment, "experiment is null");
        requireNonNull(pipeline, "pipeline is null");
        steps = List.copyOf(steps);
        requireNonNull(graph, "graph is null");
    }

    /** Steps in this state ({@code ran}, {@code cached}, {@code failed}). */
    public long count(String state) {
        return steps.stream().filter(step -> step.state().equals(state)).count();
    }
}
