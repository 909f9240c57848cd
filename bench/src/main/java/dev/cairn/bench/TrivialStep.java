package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.pipeline.step.MetricsOutput;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;

import java.util.List;
import java.util.Map;

/** A step type that does nothing but return one number: what is left of a step's time is the executor's. */
final class TrivialStep implements Step {
    @Override
    public String type() {
        return "trivial";
    }

    @Override
    public String codeVersion() {
        return "1";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of();
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
        return Map.of("result", new MetricsOutput(Map.of("value", 1.0)));
    }
}
