package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.registry.ModelAlias;
import dev.cairn.pipeline.step.ModelVersionOutput;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;

import java.util.List;
import java.util.Map;

/**
 * {@code deploy}: points {@code alias} of its {@code model} input (a registered version) at it,
 * and the existing deployment {@code deployment} at it, whichever are given, through the
 * {@link dev.cairn.pipeline.step.ModelVersionDeployer}. Its {@code version} output is its input
 * passed on, so that a step after it only runs once the version is in use.
 */
final class DeployStep implements Step {
    @Override
    public String type() {
        return "deploy";
    }

    @Override
    public String codeVersion() {
        return "1";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.optional("alias", ParamType.STRING), ParamSpec.optional("deployment", ParamType.STRING));
    }

    @Override
    public List<String> requiredInputs() {
        return List.of("model");
    }

    @Override
    public Map<String, Class<? extends Output>> outputs(JsonNode params) {
        if (!params.has("alias") && !params.has("deployment")) {
            throw CairnException.invalidParameter("a deploy step needs 'alias', 'deployment' or both");
        }
        if (params.has("alias")) {
            ModelAlias.checkName(params.path("alias").asText());
        }
        return Map.of("version", ModelVersionOutput.class);
    }

    @Override
    public Map<String, Output> run(StepContext context) {
        if (!(context.inputs().get("model") instanceof ModelVersionOutput version)) {
            throw CairnException.invalidParameter("Step '" + context.step() + "': input 'model' is not a registered model version;"
                    + " register it first (a register step's 'version' output)");
        }
        if (context.params().has("alias")) {
            context.deployer().setAlias(version, context.text("alias"));
            context.log().printf("Alias %s of %s now points at version %d%n", context.text("alias"), version.name(), version.version());
        }
        if (context.params().has("deployment")) {
            context.deployer().pointDeployment(version, context.text("deployment"));
            context.log().printf("Deployment %s is rolling out %s version %d%n", context.text("deployment"), version.name(), version.version());
        }
        return Map.of("version", version);
    }
}
