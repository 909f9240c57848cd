package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.pipeline.step.FileOutput;
import dev.cairn.pipeline.step.MetricsOutput;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;
import dev.cairn.train.eval.PackageEvaluation;
import dev.cairn.train.gate.GateVerdict;
import dev.cairn.train.gate.QualityGate;
import dev.cairn.train.trainer.PositiveClass;
import dev.cairn.train.trainer.Task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gate}: judges its {@code metrics} input against {@code thresholds} (a minimum where more
 * is better, a maximum where less is) with {@link QualityGate}; a failed check fails the step with
 * the verdict. Its {@code model} output is its {@code model} input passed on once judged, so that
 * a {@code register} reading it only runs for a model that passed.
 *
 * <p>With {@code champion: {model, metric, margin, target, positive_class}}, the version under the
 * alias {@code champion} of that model (if there is one) is scored on the {@code test} input as
 * the candidate was, and the candidate may be at most {@code margin} worse on {@code metric}. The
 * champion may have moved since the last run, so such a gate always runs.
 */
final class GateStep implements Step {
    private static final String CHAMPION_ALIAS = "champion";

    @Override
    public String type() {
        return "gate";
    }

    @Override
    public String codeVersion() {
        return "1";
    }

    @Override
    public boolean cacheable(JsonNode params) {
        return !params.has("champion");
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.required("thresholds", ParamType.OBJECT), ParamSpec.optional("champion", ParamType.OBJECT));
    }

    @Override
    public List<String> requiredInputs() {
        return List.of("metrics", "model");
    }

    @Override
    public Map<String, Class<? extends Output>> outputs(JsonNode params) {
        // Building the gate refuses an unknown metric name before anything runs.
        gate(params);
        if (params.has("champion")) {
            for (String field : List.of("model", "metric", "target")) {
                if (!params.get("champion").path(field).isTextual()) {
                    throw CairnException.invalidParameter("'champion' needs '" + field + "' (text)");
                }
            }
        }
        return Map.of("model", FileOutput.class, "checks", MetricsOutput.class);
    }

    @Override
    public Map<String, Output> run(StepContext context) {
        if (!(context.inputs().get("metrics") instanceof MetricsOutput metrics)) {
            throw CairnException.invalidParameter("Step '" + context.step() + "': input 'metrics' is not metrics");
        }
        Optional<Map<String, Double>> champion = context.params().has("champion") ? championMetrics(context) : Optional.empty();
        GateVerdict verdict = gate(context.params()).judge(metrics.values(), champion);
        verdict.checks().forEach(context.log()::println);
        if (!verdict.passed()) {
            throw CairnException.invalidParameter("The quality gate failed: " + String.join("; ", verdict.checks()));
        }
        Map<String, Double> checks = new LinkedHashMap<>();
        checks.put("checks", (double) verdict.checks().size());
        champion.ifPresent(values -> values.forEach((key, value) -> {
            if (Double.isFinite(value)) {
                checks.put("champion_" + key, value);
            }
        }));
        return Map.of("model", new FileOutput(context.modelFolder("model"), context.inputs().get("model").digest()),
                "checks", new MetricsOutput(checks));
    }

    /** The champion's metrics on the test rows, scored as the candidate's were; empty if there is no champion yet. */
    private static Optional<Map<String, Double>> championMetrics(StepContext context) {
        JsonNode params = context.params().get("champion");
        String model = params.get("model").asText();
        Optional<ModelPackage> champion = context.models().aliased(model, CHAMPION_ALIAS, context.workFolder().resolve("champion"));
        if (champion.isEmpty()) {
            context.log().printf("No %s version of %s yet: nothing to compare with%n", CHAMPION_ALIAS, model);
            return Optional.empty();
        }
        if (!context.inputs().containsKey("test")) {
            throw CairnException.invalidParameter("Step '" + context.step() + "': a gate comparing with the champion needs input 'test'");
        }
        Frame test = new TableFile(context.table("test")).read();
        ModelDescriptor candidate = ModelPackage.read(context.modelFolder("model")).descriptor();
        Task task = candidate.isClassifier() ? Task.CLASSIFICATION : Task.REGRESSION;
        Optional<String> named = params.has("positive_class") ? Optional.of(params.get("positive_class").asText()) : Optional.empty();
        String positive = PositiveClass.choose(task, candidate.classLabels(), named);
        context.log().printf(Locale.ROOT, "Champion: %s, scored on the same %,d test rows%n", model, test.rowCount());
        // Overall metrics only: the gate compares no slices (one is the least an evaluation accepts).
        return Optional.of(PackageEvaluation.of(champion.get(), test, task, params.get("target").asText(), positive, List.of(), 1)
                .report().metrics());
    }

    private static QualityGate gate(JsonNode params) {
        Map<String, Double> thresholds = new LinkedHashMap<>();
        params.path("thresholds").fields().forEachRemaining(threshold -> {
            if (!threshold.getValue().isNumber()) {
                throw CairnException.invalidParameter("threshold '" + threshold.getKey() + "' must be a number, not " + threshold.getValue());
            }
            thresholds.put(threshold.getKey(), threshold.getValue().asDouble());
        });
        JsonNode champion = params.path("champion");
        Optional<String> metric = champion.path("metric").isTextual() ? Optional.of(champion.get("metric").asText()) : Optional.empty();
        return new QualityGate(thresholds, metric, champion.path("margin").asDouble(0));
    }
}
