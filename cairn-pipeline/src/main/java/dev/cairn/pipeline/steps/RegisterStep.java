package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.pipeline.step.ModelVersionOutput;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code register}: registers its {@code model} input (a package folder) as a new version of the
 * model {@code name}, checked as every registration is, and points {@code alias} at it when given.
 */
final class RegisterStep implements Step {
    @Override
    public String type() {
        return "register";
    }

    @Override
    public String codeVersion() {
        return "1";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.required("name", ParamType.STRING), ParamSpec.optional("alias", ParamType.STRING));
    }

    @Override
    public List<String> requiredInputs() {
        return List.of("model");
    }

    @Override
    public Map<String, Class<? extends Output>> outputs(JsonNode params) {
        return Map.of("version", ModelVersionOutput.class);
    }

    @Override
    public Map<String, Output> run(StepContext context) {
        Optional<String> alias = context.params().has("alias") ? Optional.of(context.text("alias")) : Optional.empty();
        ModelVersionOutput version = context.models().register(context.text("name"), context.modelFolder("model"),
                context.inputs().get("model").digest(), alias);
        context.log().printf("Registered %s as %s version %d (READY)%s%n", context.modelFolder("model"), version.name(), version.version(),
                alias.map(a -> ", alias " + a).orElse(""));
        return Map.of("version", version);
    }
}
