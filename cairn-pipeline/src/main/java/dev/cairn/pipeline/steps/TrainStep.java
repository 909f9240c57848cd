package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.model.encoding.FeatureEncoding;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.pipeline.step.ContentDigest;
import dev.cairn.pipeline.step.FileOutput;
import dev.cairn.pipeline.step.MetricsOutput;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;
import dev.cairn.train.eval.EvaluationReport;
import dev.cairn.train.eval.MetricName;
import dev.cairn.train.eval.PackageEvaluation;
import dev.cairn.train.pkg.TrainedModelPackage;
import dev.cairn.train.search.Folds;
import dev.cairn.train.search.HyperparameterSearch;
import dev.cairn.train.search.TrialResult;
import dev.cairn.train.spec.TrainSpec;
import dev.cairn.train.trainer.FittedModel;
import dev.cairn.train.trainer.PositiveClass;
import dev.cairn.train.trainer.TrainingSet;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code train}: for each algorithm under {@code models}, picks its parameters by cross-validation
 * on the {@code train} input (when there is a choice), refits on all of it, writes a model package
 * and evaluates the package on the {@code test} input; the algorithm with the best
 * cross-validation score wins. Outputs the winner's package folder ({@code model}) and its test
 * metrics ({@code metrics}), for a {@code gate}. Each package's {@code cairn-model.yaml} names the
 * step's run and carries its test metrics.
 */
final class TrainStep implements Step {
    @Override
    public String type() {
        return "train";
    }

    @Override
    public String codeVersion() {
        // 2: packages carry the step's run id and test metrics.
        return "2";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.required("target", ParamType.STRING), ParamSpec.required("features", ParamType.OBJECT),
                ParamSpec.required("models", ParamType.LIST), ParamSpec.optional("positive_class", ParamType.STRING),
                ParamSpec.optional("seed", ParamType.INTEGER), ParamSpec.optional("tuning", ParamType.OBJECT),
                ParamSpec.optional("evaluation", ParamType.OBJECT), ParamSpec.optional("model_name", ParamType.STRING));
    }

    @Override
    public List<String> requiredInputs() {
        return List.of("train", "test");
    }

    @Override
    public Map<String, Class<? extends Output>> outputs(JsonNode params) {
        // Reading them here refuses a bad algorithm, search or encoding before anything runs.
        TrainParams.read(params);
        return Map.of("model", FileOutput.class, "metrics", MetricsOutput.class);
    }

    @Override
    public Map<String, Output> run(StepContext context) {
        TrainParams params = TrainParams.read(context.params());
        Frame train = new TableFile(context.table("train")).read();
        Frame test = new TableFile(context.table("test")).read();
        if (train.rowCount() == 0 || test.rowCount() == 0) {
            throw CairnException.invalidParameter("train has " + train.rowCount() + " rows and test " + test.rowCount() + "; both need rows");
        }
        FeatureEncoding encoding = params.features().fit(train);
        TrainingSet trainingSet = TrainingSet.of(params.task(), encoding.encode(train), PackageEvaluation.column(train, params.target()));
        String positive = PositiveClass.choose(params.task(), trainingSet.classes(), params.positiveClass());
        MetricName metric = params.tuning().metric(params.task());
        int[] tuningRows = Folds.sample(trainingSet.size(), params.tuning().sampleRows().orElse(trainingSet.size()), params.seed());
        context.log().printf(Locale.ROOT, "%,d train rows, %,d test rows, %d features; tuning by %s on %,d rows%n", train.rowCount(),
                test.rowCount(), encoding.features().size(), metric.key(), tuningRows.length);

        Optional<Candidate> winner = Optional.empty();
        for (TrainSpec.ModelSpec model : params.models()) {
            String algorithm = model.algorithm().specName();
            Map<String, Object> chosen;
            double cvScore;
            List<Map<String, Object>> candidates = model.candidates(params.seed());
            if (candidates.size() == 1 && params.models().size() == 1) {
                // Nothing to choose between: cross-validation would only cost time.
                chosen = model.algorithm().resolve(candidates.get(0));
                cvScore = Double.NaN;
            } else {
                HyperparameterSearch search = new HyperparameterSearch(model.algorithm(), params.tuning().folds(), metric, positive,
                        params.seed(), params.tuning().parallelism());
                List<TrialResult> trials = search.run(trainingSet, tuningRows, candidates, trial -> context.log().printf(Locale.ROOT,
                        "%s trial %d/%d %s: cv %s %.4f%n", algorithm, trial.index() + 1, candidates.size(), trial.params(), metric.key(),
                        trial.mean()));
                TrialResult best = search.best(trials);
                chosen = best.params();
                cvScore = best.mean();
            }
            FittedModel fitted = trainingSet.train(model.algorithm(), chosen, params.seed(), Runtime.getRuntime().availableProcessors(),
                    trainingSet.allRows());
            Path folder = context.workFolder().resolve("models").resolve(algorithm);
            ModelPackage written = TrainedModelPackage.write(fitted, encoding, train, params.modelName(), folder,
                    Map.of("algorithm", algorithm, "seed", Long.toString(params.seed())));
            // Read back from disk: the candidate is scored exactly as it will be served.
            PackageEvaluation evaluation = PackageEvaluation.of(ModelPackage.read(folder), test, params.task(), params.target(), positive,
                    params.evaluation().slices(), params.evaluation().maxSlices());
            new ModelPackage(folder, written.descriptor().withProvenance(context.runId(), evaluation.report().metrics())).write();
            context.log().printf(Locale.ROOT, "%s %s: cv %s %.4f, test %s%n", algorithm, chosen, metric.key(), cvScore,
                    evaluation.report().metrics());
            Candidate candidate = new Candidate(algorithm, folder, cvScore, evaluation.report());
            if (winner.isEmpty() || metric.isBetter(cvScore, winner.get().cvScore())) {
                winner = Optional.of(candidate);
            }
        }
        Candidate best = winner.orElseThrow();
        context.log().printf("Winner: %s (%s)%n", best.algorithm(), best.folder());
        return Map.of("model", new FileOutput(best.folder(), ContentDigest.ofPath(best.folder())),
                "metrics", new MetricsOutput(finite(best.report().metrics())));
    }

    /** Metrics without NaN (AUC of a test part with one class): JSON has no NaN. */
    private static Map<String, Double> finite(Map<String, Double> metrics) {
        Map<String, Double> finite = new LinkedHashMap<>();
        metrics.forEach((key, value) -> {
            if (Double.isFinite(value)) {
                finite.put(key, value);
            }
        });
        return finite;
    }

    /** A refitted algorithm: its package and how it scored. */
    private record Candidate(String algorithm, Path folder, double cvScore, EvaluationReport report) {
    }
}
