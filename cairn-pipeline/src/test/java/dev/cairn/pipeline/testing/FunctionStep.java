package dev.cairn.pipeline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.pipeline.step.MetricsOutput;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A step type for tests (the pipeline's and the dashboard's): runs a function, which may log or throw, and outputs
 * its result as the metric {@code value} of output {@code result}. Its one parameter, {@code label}, is for the
 * function to read.
 */
public record FunctionStep(String type, ToDoubleFunction<StepContext> body) implements Step {
    @Override
    public String codeVersion() {
        return "test";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.optional("label", ParamType.STRING));
    }

    @Override
    public List<String> requiredInputs() {
        return List.of();
    }

    @Override
    public Map<String, Class<? extends Output>> outputs(JsonNode params) {
        return Map.of("result", MetricsOutput.class);
    }

    @Override
    public Map<String, Output> run(StepContext context) {
        return Map.of("result", new MetricsOutput(Map.of("value", body.applyAsDouble(context))));
    }
}
