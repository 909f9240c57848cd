package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.pipeline.step.FileOutput;
import dev.cairn.pipeline.step.MetricsOutput;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;
import dev.cairn.train.gate.GateVerdict;
import dev.cairn.train.gate.QualityGate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gate}: judges its {@code metrics} input against {@code thresholds} (a minimum where more
 * is better, a maximum where less is) with {@link QualityGate}; a failed check fails the step with
 * the verdict. Its {@code model} output is its {@code model} input passed on once judged, so that
 * a {@code register} reading it only runs for a model that passed.
 */
final class GateStep implements Step {
    @Override
    public String type() {
        return "gate";
    }

    @Override
    public String codeVersion() {
        return "1";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.required("thresholds", ParamType.OBJECT));
    }

    @Override
    public List<String> requiredInputs() {
        return List.of("metrics", "model");
    }

    @Override
    public Map<String, Class<? extends Output>> outputs(JsonNode params) {
        // Building the gate refuses an unknown metric name before anything runs.
        gate(params);
        return Map.of("model", FileOutput.class, "checks", MetricsOutput.class);
    }

    @Override
    public Map<String, Output> run(StepContext context) {
        if (!(context.inputs().get("metrics") instanceof MetricsOutput metrics)) {
            throw CairnException.invalidParameter("Step '" + context.step() + "': input 'metrics' is not metrics");
        }
        GateVerdict verdict = gate(context.params()).judge(metrics.values(), Optional.empty());
        verdict.checks().forEach(context.log()::println);
        if (!verdict.passed()) {
            throw CairnException.invalidParameter("The quality gate failed: " + String.join("; ", verdict.checks()));
        }
        return Map.of("model", new FileOutput(context.modelFolder("model"), context.inputs().get("model").digest()),
                "checks", new MetricsOutput(Map.of("checks", (double) verdict.checks().size())));
    }

    private static QualityGate gate(JsonNode params) {
        Map<String, Double> thresholds = new LinkedHashMap<>();
        params.path("thresholds").fields().forEachRemaining(threshold -> {
            if (!threshold.getValue().isNumber()) {
                throw CairnException.invalidParameter("threshold '" + threshold.getKey() + "' must be a number, not " + threshold.getValue());
            }
            thresholds.put(threshold.getKey(), threshold.getValue().asDouble());
        });
        return new QualityGate(thresholds, Optional.empty(), 0);
    }
}
