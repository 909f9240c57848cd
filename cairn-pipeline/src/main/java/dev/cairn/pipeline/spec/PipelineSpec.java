package dev.cairn.pipeline.spec;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A checked pipeline: every step type exists, every parameter has its declared type, every
 * reference names an output its step declares, and there is no cycle.
 *
 * @param steps  the steps in an order where each comes after the steps it reads from
 * @param folder the spec file's folder, against which file parameters resolve
 * @param params the run parameters with the values of this run, in the order declared
 */
public record PipelineSpec(String name, Optional<String> experiment, List<StepSpec> steps, Path folder, Map<String, JsonNode> params) {
    public PipelineSpec {
        requireNonNull(name, "name is null");
        requireNonNull(experiment, "experiment is null");
        steps = List.copyOf(steps);
        requireNonNull(folder, "folder is null");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The experiment the runs go to: the spec's, or one named after the pipeline. */
    public String experimentName() {
        return experiment.orElse(name);
    }
}
