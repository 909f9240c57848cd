package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.pipeline.step.DatasetOutput;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code dataset}: registers a file (CSV, Parquet, JSON) as a version of a dataset. The file's
 * content digest is in the cache key, so appending rows registers a new version and reruns
 * everything downstream.
 */
final class DatasetStep implements Step {
    @Override
    public String type() {
        return "dataset";
    }

    @Override
    public String codeVersion() {
        return "1";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.required("name", ParamType.STRING), ParamSpec.required("path", ParamType.FILE));
    }

    @Override
    public List<String> requiredInputs() {
        return List.of();
    }

    @Override
    public Map<String, Class<? extends Output>> outputs(JsonNode params) {
        return Map.of("dataset", DatasetOutput.class);
    }

    @Override
    public Map<String, Output> run(StepContext context) {
        Path file = context.file("path");
        DatasetOutput dataset = context.datasets().register(context.text("name"), file, file.toAbsolutePath().toString());
        context.log().printf("Registered %s as %s version %d (sha256 %s)%n", file, dataset.name(), dataset.version(), dataset.digest());
        return Map.of("dataset", dataset);
    }
}
