package dev.cairn.pipeline.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A checked pipeline: every step type exists, every parameter has its declared type, every
 * reference names an output its step declares, and there is no cycle.
 *
 * @param steps  the steps in an order where each comes after the steps it reads from
 * @param folder the spec file's folder, against which file parameters resolve
 */
public record PipelineSpec(String name, Optional<String> experiment, List<StepSpec> steps, Path folder) {
    public PipelineSpec {
        requireNonNull(name, "name is null");
        requireNonNull(experiment, "experiment is null");
        steps = List.copyOf(steps);
        requireNonNull(folder, "folder is null");
    }

    /** The experiment the runs go to: the spec's, or one named after the pipeline. */
    public String experimentName() {
        return experiment.orElse(name);
    }
}
