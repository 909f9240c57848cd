package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.source.JdbcSource;
import dev.cairn.data.split.DatasetSplit;
import dev.cairn.data.split.SplitRule;
import dev.cairn.data.sql.SqlTransform;
import dev.cairn.data.validate.ValidationReport;
import dev.cairn.data.validate.ValidationRules;
import dev.cairn.data.validate.Validator;
import dev.cairn.model.encoding.FeatureEncoding;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.serve.repository.ModelRepository;
import dev.cairn.serve.repository.VersionSelector;
import dev.cairn.server.CairnVersion;
import dev.cairn.train.eval.EvaluationReport;
import dev.cairn.train.eval.MetricName;
import dev.cairn.train.eval.PackageEvaluation;
import dev.cairn.train.gate.GateVerdict;
import dev.cairn.train.pkg.TrainedModelPackage;
import dev.cairn.train.search.Folds;
import dev.cairn.train.search.HyperparameterSearch;
import dev.cairn.train.search.TrialResult;
import dev.cairn.train.spec.TrainSpec;
import dev.cairn.train.spec.TrainingRecord;
import dev.cairn.train.trainer.FittedModel;
import dev.cairn.train.trainer.PositiveClass;
import dev.cairn.train.trainer.Task;
import dev.cairn.train.trainer.TrainingSet;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a training spec against a Cairn server, step by step, printing progress: register the
 * datasets, derive features with SQL, validate, split, tune each model with cross-validation
 * (each trial a nested run), refit the best, evaluate it on the test part through its package,
 * judge the winner with the quality gate and register it. Everything is recorded in tracking
 * under one parent run, with a {@link TrainingRecord} on each candidate's run from which
 * {@code cairn train --from-run} repeats the training.
 */
final class TrainingJob {
    private final CairnClient client;
    /** Where the champion's package comes from, verified and cached as for scoring. */
    private final ModelRepository models;
    private final DatasetRegistry datasets;
    private final PrintWriter out;
    private final Path workDir;

    /** What a job produced. */
    record Outcome(String parentRunId, String winnerRunId, GateVerdict verdict, Optional<Integer> registeredVersion, Map<String, Double> testMetrics) {
    }

    /** One refitted, evaluated algorithm, with its outputs on the test rows. */
    private record Candidate(String algorithm, Map<String, Object> params, double cvScore, TrackedRun run, PackageEvaluation scored) {
    }

    /** The prepared data: the dataset versions used, the one trained on, and its split. */
    private record Data(List<DatasetRegistry.RegisteredDataset> versions, DatasetRegistry.RegisteredDataset trained, TableFile file) {
    }

    TrainingJob(CairnClient client, ModelRepository models, PrintWriter out, Path workDir) {
        this.client = client;
        this.models = models;
        this.datasets = new DatasetRegistry(client);
        this.out = out;
        this.workDir = workDir;
    }

    /**
     * Runs the spec. {@code specDir} resolves relative file paths; {@code expectedDigests} (from
     * a training record) makes the job refuse data whose content has changed.
     */
    Outcome run(TrainSpec spec, Path specDir, Map<String, String> tags, Map<String, String> expectedDigests) {
        return run(spec, specDir, tags, expectedDigests, Optional.empty());
    }

    /**
     * Runs the spec and, given the package of an earlier run, checks that the new model gives the
     * same predictions on the test rows, logging the largest difference as
     * {@code reproduction_max_abs_diff}.
     */
    Outcome run(TrainSpec spec, Path specDir, Map<String, String> tags, Map<String, String> expectedDigests, Optional<Path> reference) {
        String experimentId = TrackedRun.experimentId(client, spec.experiment());
        Map<String, String> runTags = new LinkedHashMap<>(tags);
        runTags.put("cairn.version", CairnVersion.VERSION);
        TrackedRun parent = TrackedRun.start(client, experimentId, "train " + spec.target(), Optional.empty(), runTags);
        progress("Run %s in experiment '%s' (id %s)", parent.id(), spec.experiment(), experimentId);
        try {
            Outcome outcome = run(spec, specDir, experimentId, parent, expectedDigests, reference);
            parent.end("FINISHED");
            return outcome;
        } catch (RuntimeException e) {
            parent.setTags(Map.of("cairn.error", String.valueOf(e.getMessage())));
            parent.end("FAILED");
            throw e;
        }
    }

    private Outcome run(TrainSpec spec, Path specDir, String experimentId, TrackedRun parent, Map<String, String> expectedDigests,
                        Optional<Path> reference) {
        Data data = prepareData(spec, specDir, expectedDigests);
        validate(spec, specDir, data, parent);

        SplitRule rule = spec.split().rule(spec.seed());
        DatasetSplit split = new DatasetSplit(data.file(), rule);
        Map<String, Long> counts = split.counts();
        List<DatasetRegistry.Split> recorded = new ArrayList<>();
        counts.forEach((part, rows) -> recorded.add(new DatasetRegistry.Split(part, rule.describe(part), rows)));
        datasets.recordSplit(data.trained().name(), data.trained().version(), recorded);
        progress("Split %s v%d: %s", data.trained().name(), data.trained().version(), counts);
        Frame train = split.read("train");
        Frame test = split.read("test");
        if (train.rowCount() == 0 || test.rowCount() == 0) {
            throw CairnException.invalidParameter("The split left " + train.rowCount() + " train and " + test.rowCount()
                    + " test rows; both parts need rows");
        }
        logInputs(parent, data);

        Task task = spec.task();
        Column trainTarget = PackageEvaluation.column(train, spec.target());
        FeatureEncoding encoding = spec.features().fit(train);
        TrainingSet trainingSet = TrainingSet.of(task, encoding.encode(train), trainTarget);
        String positive = PositiveClass.choose(task, trainingSet.classes(), spec.positiveClass());
        MetricName metric = spec.tuning().metric(task);
        Map<String, Object> parentParams = new LinkedHashMap<>();
        parentParams.put("seed", spec.seed());
        parentParams.put("target", spec.target());
        parentParams.put("task", task.name().toLowerCase(Locale.ROOT));
        parentParams.put("positive_class", positive);
        parentParams.put("features", encoding.features().size());
        parentParams.put("tuning_metric", metric.key());
        parentParams.put("folds", spec.tuning().folds());
        parentParams.put("train_rows", train.rowCount());
        parentParams.put("test_rows", test.rowCount());
        counts.keySet().forEach(part -> parentParams.put("split_" + part, rule.describe(part)));
        parent.logParams(parentParams);
        parent.uploadFile("train-spec.json", writeJson("train-spec.json", spec.toJson()));

        int[] tuningRows = tuningRows(trainingSet.size(), spec);
        List<Candidate> candidates = new ArrayList<>();
        for (TrainSpec.ModelSpec model : spec.models()) {
            candidates.add(tuneAndFit(spec, specDir, experimentId, parent, model, trainingSet, tuningRows, encoding, train, test, positive,
                    metric, data));
        }
        Candidate winner = candidates.stream().reduce((a, b) -> metric.isBetter(b.cvScore(), a.cvScore()) ? b : a).orElseThrow();
        if (reference.isPresent()) {
            double difference = largestDifference(winner.scored().outputs(), ModelPackage.read(reference.get()), test);
            parent.logMetrics(Map.of("reproduction_max_abs_diff", difference));
            progress("Reproduction: the largest difference from the recorded model's predictions on %,d test rows is %.3g",
                    test.rowCount(), difference);
        }
        progress("Winner: %s (%stest %s %.4f)", winner.algorithm(),
                Double.isNaN(winner.cvScore()) ? "" : String.format(Locale.ROOT, "cv %s %.4f, ", metric.key(), winner.cvScore()),
                metric.key(), winner.scored().report().metrics().getOrDefault(metric.key(), Double.NaN));
        parent.setTags(Map.of("cairn.winner.run_id", winner.run().id(), "cairn.winner.algorithm", winner.algorithm()));
        parent.logMetrics(winner.scored().report().flatten("test_"));

        GateVerdict verdict = judge(spec, parent, winner, test, positive);
        Optional<Integer> version = Optional.empty();
        if (spec.register().isPresent()) {
            if (verdict.passed()) {
                version = Optional.of(register(spec.register().get(), winner, parent));
            } else {
                progress("Not registered: the quality gate failed");
            }
        }
        return new Outcome(parent.id(), winner.run().id(), verdict, version, winner.scored().report().metrics());
    }

    private Data prepareData(TrainSpec spec, Path specDir, Map<String, String> expectedDigests) {
        List<DatasetRegistry.RegisteredDataset> versions = new ArrayList<>();
        Map<String, TableFile> tables = new LinkedHashMap<>();
        for (Map.Entry<String, TrainSpec.Source> entry : spec.datasets().entrySet()) {
            String name = entry.getKey();
            TrainSpec.Source source = entry.getValue();
            TableFile file;
            String sourceType;
            String description;
            if (source.file().isPresent()) {
                file = new TableFile(specDir.resolve(source.file().get()).normalize());
                sourceType = "file";
                description = file.path().toUri().toString();
            } else {
                TrainSpec.Jdbc jdbc = source.jdbc().get();
                progress("Dataset %s: reading %s", name, jdbc.url());
                JdbcSource jdbcSource = new JdbcSource(jdbc.url(), jdbc.query(), jdbc.user(), jdbc.passwordEnv().map(System::getenv));
                file = jdbcSource.snapshot(workDir.resolve(name + ".parquet"));
                sourceType = "jdbc";
                description = jdbcSource.describe();
            }
            versions.add(register(name, file, sourceType, description, expectedDigests));
            tables.put(name, file);
        }
        if (spec.transform().isEmpty()) {
            if (versions.size() > 1) {
                throw CairnException.invalidParameter("The spec names " + versions.size() + " datasets; add a 'transform' that combines them");
            }
            return new Data(versions, versions.get(0), tables.values().iterator().next());
        }
        TrainSpec.Transform transform = spec.transform().get();
        progress("Transform %s: running SQL over %s", transform.name(), tables.keySet());
        TableFile derived = new SqlTransform(transform.sql(), tables).writeParquet(workDir.resolve(transform.name() + ".parquet"));
        StringBuilder source = new StringBuilder(transform.sql().strip()).append("\n-- over");
        versions.forEach(v -> source.append(' ').append(v.name()).append('@').append(v.digest()));
        DatasetRegistry.RegisteredDataset trained = register(transform.name(), derived, "sql", source.toString(), expectedDigests);
        versions.add(trained);
        return new Data(versions, trained, derived);
    }

    private DatasetRegistry.RegisteredDataset register(String name, TableFile file, String sourceType, String source,
                                                       Map<String, String> expectedDigests) {
        DatasetRegistry.RegisteredDataset version = datasets.register(name, file.path(), sourceType, source, "");
        progress("Dataset %s: %s version %d (sha256 %s, %,d rows)", name, version.created() ? "registered" : "unchanged,",
                version.version(), version.digest().substring(0, 12), version.rowCount());
        String expected = expectedDigests.get(name);
        if (expected != null && !expected.equals(version.digest())) {
            throw CairnException.invalidParameter("Dataset " + name + " has changed since the recorded run: sha256 " + version.digest()
                    + " instead of " + expected + "; the training cannot be repeated on different data");
        }
        return version;
    }

    private void validate(TrainSpec spec, Path specDir, Data data, TrackedRun parent) {
        if (spec.validation().isEmpty()) {
            return;
        }
        ValidationReport report = Validator.validate(data.file(), ValidationRules.read(specDir.resolve(spec.validation().get())));
        parent.uploadFile("validation.json", writeJson("validation.json", CairnClient.JSON.valueToTree(report)));
        parent.setTags(Map.of("cairn.validation", report.passed() ? "passed" : "failed"));
        progress("%s", report.describe());
        if (!report.passed()) {
            throw CairnException.invalidParameter(report.describe());
        }
    }

    private void logInputs(TrackedRun run, Data data) {
        ArrayNode inputs = CairnClient.JSON.createArrayNode();
        for (DatasetRegistry.RegisteredDataset version : data.versions()) {
            ObjectNode input = inputs.addObject();
            input.putObject("dataset").put("name", version.name()).put("digest", version.digest().substring(0, 64))
                    .put("source_type", "cairn-dataset").put("source", "cairn-dataset:/" + version.name() + "/" + version.version());
            input.putArray("tags").addObject().put("key", "mlflow.data.context").put("value", version == data.trained() ? "training" : "source");
        }
        run.logInputs(inputs);
    }

    private Candidate tuneAndFit(TrainSpec spec, Path specDir, String experimentId, TrackedRun parent, TrainSpec.ModelSpec model, TrainingSet trainingSet,
                                 int[] tuningRows, FeatureEncoding encoding, Frame train, Frame test, String positive, MetricName metric,
                                 Data data) {
        String algorithm = model.algorithm().specName();
        List<Map<String, Object>> candidates = model.candidates(spec.seed());
        Map<String, Object> chosen;
        double cvScore;
        if (candidates.size() == 1 && spec.models().size() == 1) {
            // One model with one parameter set (a repeat from a record is one): nothing to choose, so no cross-validation.
            chosen = model.algorithm().resolve(candidates.get(0));
            cvScore = Double.NaN;
            progress("%s: a single candidate, fitted without cross-validation", algorithm);
        } else {
            TrialResult best = tune(spec, experimentId, parent, model, candidates, trainingSet, tuningRows, positive, metric);
            chosen = best.params();
            cvScore = best.mean();
        }

        long start = System.nanoTime();
        FittedModel fitted = trainingSet.train(model.algorithm(), chosen, spec.seed(), Runtime.getRuntime().availableProcessors(),
                trainingSet.allRows());
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        TrackedRun run = TrackedRun.start(client, experimentId, algorithm + " best", Optional.of(parent),
                Map.of("cairn.algorithm", algorithm, "cairn.candidate", "true"));
        Path folder = workDir.resolve("models").resolve(algorithm);
        String packageName = spec.register().map(TrainSpec.Register::model).orElse(spec.target());
        ModelPackage written = TrainedModelPackage.write(fitted, encoding, train, packageName, folder,
                Map.of("algorithm", algorithm, "seed", Long.toString(spec.seed())));
        // Read back from disk: the candidate is scored exactly as it will be served.
        PackageEvaluation scored = score(spec, ModelPackage.read(folder), test, positive);
        EvaluationReport report = scored.report();
        new ModelPackage(folder, written.descriptor().withProvenance(run.id(), report.metrics())).write();

        // The registered version's lineage starts at this run, so it names the data too.
        logInputs(run, data);
        Map<String, Object> params = new LinkedHashMap<>(chosen);
        params.put("algorithm", algorithm);
        params.put("seed", spec.seed());
        params.put("train_rows", train.rowCount());
        run.logParams(params);
        Map<String, Double> metrics = new LinkedHashMap<>(report.flatten("test_"));
        if (!Double.isNaN(cvScore)) {
            metrics.put("cv_" + metric.key(), cvScore);
        }
        metrics.put("fit_seconds", fitSeconds);
        run.logMetrics(metrics);
        run.uploadFolder("model", folder);
        run.uploadFile("evaluation.json", writeJson("evaluation-" + algorithm + ".json", CairnClient.JSON.valueToTree(report)));
        Path recordFile = workDir.resolve("record-" + algorithm + ".json");
        record(spec, specDir, algorithm, chosen, data).write(recordFile);
        run.uploadFile(TrainingRecord.FILE, recordFile);
        run.end("FINISHED");
        progress("%s best %s: fit in %.1f s; test %s", algorithm, chosen, fitSeconds, summary(report));
        return new Candidate(algorithm, chosen, cvScore, run, scored);
    }

    /** Cross-validates every candidate, each trial a nested run, and returns the best. */
    private TrialResult tune(TrainSpec spec, String experimentId, TrackedRun parent, TrainSpec.ModelSpec model,
                             List<Map<String, Object>> candidates, TrainingSet trainingSet, int[] tuningRows, String positive,
                             MetricName metric) {
        String algorithm = model.algorithm().specName();
        HyperparameterSearch search = new HyperparameterSearch(model.algorithm(), spec.tuning().folds(), metric, positive, spec.seed(),
                spec.tuning().parallelism());
        progress("%s: %d trial%s, %d-fold cross-validation on %,d rows by %s", algorithm, candidates.size(), candidates.size() == 1 ? "" : "s",
                spec.tuning().folds(), tuningRows.length, metric.key());
        List<TrialResult> trials = search.run(trainingSet, tuningRows, candidates, trial -> {
            TrackedRun run = TrackedRun.start(client, experimentId, algorithm + " trial " + (trial.index() + 1), Optional.of(parent),
                    Map.of("cairn.trial", Integer.toString(trial.index() + 1), "cairn.algorithm", algorithm));
            Map<String, Object> params = new LinkedHashMap<>(trial.params());
            params.put("algorithm", algorithm);
            run.logParams(params);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("cv_" + metric.key(), trial.mean());
            metrics.put("cv_" + metric.key() + "_std", trial.std());
            for (int f = 0; f < trial.foldScores().length; f++) {
                metrics.put("fold" + (f + 1) + "_" + metric.key(), trial.foldScores()[f]);
            }
            run.logMetrics(metrics);
            run.end("FINISHED");
            progress("  trial %d/%d %s: %s %.4f ± %.4f (%.1f s)", trial.index() + 1, candidates.size(), trial.params(), metric.key(),
                    trial.mean(), trial.std(), trial.millis() / 1000.0);
        });
        return search.best(trials);
    }

    /** Scores the test rows with a package and evaluates the outputs against the target. */
    private static PackageEvaluation score(TrainSpec spec, ModelPackage modelPackage, Frame test, String positive) {
        return PackageEvaluation.of(modelPackage, test, spec.task(), spec.target(), positive, spec.evaluation().slices(),
                spec.evaluation().maxSlices());
    }

    private GateVerdict judge(TrainSpec spec, TrackedRun parent, Candidate winner, Frame test, String positive) {
        if (spec.gate().isEmpty()) {
            return new GateVerdict(true, List.of("no gate in the spec"));
        }
        Optional<Map<String, Double>> champion = Optional.empty();
        if (spec.register().isPresent() && spec.gate().get().champion().isPresent()) {
            champion = championMetrics(spec, spec.register().get().model(), test, positive);
        }
        GateVerdict verdict = spec.gate().get().toGate().judge(winner.scored().report().metrics(), champion);
        champion.ifPresent(metrics -> {
            Map<String, Double> logged = new LinkedHashMap<>();
            metrics.forEach((key, value) -> {
                if (Double.isFinite(value)) {
                    logged.put("champion_test_" + key, value);
                }
            });
            parent.logMetrics(logged);
        });
        parent.setTags(Map.of("cairn.gate.verdict", verdict.word(), "cairn.gate.checks", String.join("; ", verdict.checks())));
        progress("Quality gate %s:", verdict.word());
        verdict.checks().forEach(check -> progress("  %s", check));
        return verdict;
    }

    private Optional<Map<String, Double>> championMetrics(TrainSpec spec, String model, Frame test, String positive) {
        ModelVersion champion;
        try {
            champion = models.resolve(model, new VersionSelector.Alias("champion"));
        } catch (CairnClient.ServerError e) {
            if (e.code().equals("RESOURCE_DOES_NOT_EXIST")) {
                return Optional.empty();
            }
            throw e;
        }
        progress("Champion: %s version %d, scored on the same %,d test rows", model, champion.version(), test.rowCount());
        return Optional.of(score(spec, models.fetch(champion), test, positive).report().metrics());
    }

    private int register(TrainSpec.Register register, Candidate winner, TrackedRun parent) {
        ModelsCommand.ensureRegisteredModel(client, register.model());
        JsonNode version = client.post("/api/2.0/mlflow/model-versions/create", CairnClient.JSON.createObjectNode()
                .put("name", register.model()).put("source", "runs:/" + winner.run().id() + "/model").put("run_id", winner.run().id())
                .put("description", "Trained by cairn train: " + winner.algorithm() + " " + winner.params())
                .put("user_id", System.getProperty("user.name", ""))).path("model_version");
        int number = version.path("version").asInt();
        if (!version.path("status").asText().equals("READY")) {
            throw CairnException.invalidParameter("Registration of " + register.model() + " version " + number + " failed: "
                    + version.path("status_message").asText());
        }
        register.alias().ifPresent(alias -> client.post("/api/2.0/mlflow/registered-models/alias", CairnClient.JSON.createObjectNode()
                .put("name", register.model()).put("alias", alias).put("version", Integer.toString(number))));
        parent.setTags(Map.of("cairn.registered", register.model() + "/" + number));
        progress("Registered %s version %d (READY)%s", register.model(), number, register.alias().map(a -> ", alias " + a).orElse(""));
        return number;
    }

    /** What {@code cairn train --from-run} needs to repeat this training exactly. */
    private static TrainingRecord record(TrainSpec spec, Path specDir, String algorithm, Map<String, Object> params, Data data) {
        List<TrainingRecord.DatasetDigest> digests = data.versions().stream()
                .map(v -> new TrainingRecord.DatasetDigest(v.name(), v.version(), v.digest())).toList();
        return TrainingRecord.of(specDir, Path.of(""), algorithm, params, spec.seed(), CairnVersion.VERSION, digests, spec);
    }

    /**
     * The largest absolute difference between a candidate's outputs (probabilities or predictions)
     * and those of a recorded package on the same rows; a differing label counts as 1.
     */
    private static double largestDifference(Frame outputs, ModelPackage reference, Frame test) {
        Frame recorded = PackageEvaluation.predict(reference, test);
        double largest = 0;
        for (Column column : outputs.columns()) {
            Column other = recorded.column(column.name()).orElseThrow(() -> CairnException.invalidParameter(
                    "The recorded model has no output '" + column.name() + "'"));
            if (column instanceof Column.Numbers numbers) {
                double[] theirs = ((Column.Numbers) other).values();
                for (int r = 0; r < numbers.size(); r++) {
                    largest = Math.max(largest, Math.abs(numbers.values()[r] - theirs[r]));
                }
            } else {
                for (int r = 0; r < column.size(); r++) {
                    if (!column.text(r).equals(other.text(r))) {
                        largest = Math.max(largest, 1.0);
                    }
                }
            }
        }
        return largest;
    }

    /** The rows cross-validation uses: all of the train part, or a seeded sample of {@code tuning.sample_rows}. */
    private static int[] tuningRows(int size, TrainSpec spec) {
        return Folds.sample(size, spec.tuning().sampleRows().orElse(size), spec.seed());
    }

    private static String summary(EvaluationReport report) {
        StringBuilder text = new StringBuilder();
        report.metrics().forEach((key, value) -> text.append(text.length() == 0 ? "" : ", ").append(key).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", value)));
        return text.toString();
    }

    private Path writeJson(String name, JsonNode json) {
        try {
            Path file = workDir.resolve(name);
            CairnClient.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name, e);
        }
    }

    private void progress(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
