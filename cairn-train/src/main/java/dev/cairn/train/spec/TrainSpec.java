package dev.cairn.train.spec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.cairn.core.error.CairnException;
import dev.cairn.data.split.SplitRule;
import dev.cairn.train.encode.EncodingSpec;
import dev.cairn.train.eval.MetricName;
import dev.cairn.train.gate.QualityGate;
import dev.cairn.train.search.SearchSpace;
import dev.cairn.train.trainer.Algorithm;
import dev.cairn.train.trainer.Task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A training pipeline as written in {@code train.yaml}: which data (files or JDBC queries), an
 * optional SQL transform over them, validation rules, the split, the target and feature
 * encoding, the models to tune, how to evaluate, the quality gate and where to register the
 * winner. Every field is checked when the spec is read, so a typo fails before any work starts.
 *
 * @param datasets the inputs by table name
 * @param validation a YAML rules file, relative to the spec
 * @param positiveClass for two classes, the class precision, recall, F1 and AUC are about
 */
public record TrainSpec(String experiment, long seed, Map<String, Source> datasets, Optional<Transform> transform,
                        Optional<String> validation, Split split, String target, Optional<String> positiveClass,
                        EncodingSpec features, List<ModelSpec> models, Tuning tuning, Evaluation evaluation, Optional<Gate> gate,
                        Optional<Register> register) {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new Jdk8Module())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new Jdk8Module())
            .build();

    public TrainSpec {
        require(experiment, "experiment");
        require(target, "target");
        if (datasets == null || datasets.isEmpty()) {
            throw CairnException.invalidParameter("The spec needs 'datasets': at least one file or jdbc source by name");
        }
        datasets = Collections.unmodifiableMap(new LinkedHashMap<>(datasets));
        transform = transform == null ? Optional.empty() : transform;
        validation = validation == null ? Optional.empty() : validation;
        positiveClass = positiveClass == null ? Optional.empty() : positiveClass;
        if (split == null) {
            throw CairnException.invalidParameter("The spec needs a 'split' (time or ratio) with train and test parts");
        }
        if (!split.rule(seed).parts().contains("train") || !split.rule(seed).parts().contains("test")) {
            throw CairnException.invalidParameter("The split needs parts named 'train' and 'test'; it has " + split.rule(seed).parts());
        }
        if (features == null) {
            throw CairnException.invalidParameter("The spec needs 'features': the columns to use and how to encode them");
        }
        if (features.columns().contains(target)) {
            throw CairnException.invalidParameter("The target '" + target + "' cannot also be a feature");
        }
        if (models == null || models.isEmpty()) {
            throw CairnException.invalidParameter("The spec needs 'models': at least one algorithm");
        }
        models = List.copyOf(models);
        Task task = models.get(0).algorithm().task();
        for (ModelSpec model : models) {
            if (model.algorithm().task() != task) {
                throw CairnException.invalidParameter("All models must be of one kind; " + model.algorithm().specName() + " is "
                        + model.algorithm().task().name().toLowerCase() + " but " + models.get(0).algorithm().specName() + " is "
                        + task.name().toLowerCase());
            }
        }
        tuning = tuning == null ? new Tuning(0, null, 0, Optional.empty()) : tuning;
        if (tuning.metric(task).task() != task) {
            throw CairnException.invalidParameter("tuning.metric " + tuning.metric(task).key() + " does not apply to " + task.name().toLowerCase());
        }
        evaluation = evaluation == null ? new Evaluation(List.of(), 0) : evaluation;
        gate = gate == null ? Optional.empty() : gate;
        register = register == null ? Optional.empty() : register;
    }

    /** Classification or regression, from the models. */
    public Task task() {
        return models.get(0).algorithm().task();
    }

    /** Reads and checks a spec file. */
    public static TrainSpec read(Path file) {
        try {
            return YAML.readValue(file.toFile(), TrainSpec.class);
        } catch (IOException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof CairnException)) {
                cause = cause.getCause();
            }
            String message = cause instanceof CairnException ? cause.getMessage() : e.getMessage().lines().findFirst().orElse("");
            throw CairnException.invalidParameter("Invalid training spec " + file.getFileName() + ": " + message);
        }
    }

    /** The spec as JSON, as the run records it ({@code train-spec.json}). */
    public JsonNode toJson() {
        return JSON.valueToTree(this);
    }

    /** This spec training one algorithm with fixed parameters, no search, no registration: a re-run from a record. */
    public TrainSpec retraining(Algorithm algorithm, Map<String, Object> params) {
        return new TrainSpec(experiment, seed, datasets, transform, validation, split, target, positiveClass, features,
                List.of(new ModelSpec(algorithm, Collections.unmodifiableMap(new LinkedHashMap<>(params)), Optional.empty())),
                tuning, evaluation, Optional.empty(), Optional.empty());
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw CairnException.invalidParameter("The spec needs '" + field + "'");
        }
    }

    /** A dataset: a file (CSV, Parquet, JSON) relative to the spec, or a JDBC query. */
    public record Source(Optional<String> file, Optional<Jdbc> jdbc) {
        public Source {
            file = file == null ? Optional.empty() : file;
            jdbc = jdbc == null ? Optional.empty() : jdbc;
            if (file.isPresent() == jdbc.isPresent()) {
                throw CairnException.invalidParameter("A dataset needs exactly one of 'file' or 'jdbc'");
            }
        }
    }

    /** A JDBC query; the password is read from an environment variable, never written in the spec. */
    public record Jdbc(String url, String query, Optional<String> user, Optional<String> passwordEnv) {
        public Jdbc {
            require(url, "jdbc.url");
            require(query, "jdbc.query");
            user = user == null ? Optional.empty() : user;
            passwordEnv = passwordEnv == null ? Optional.empty() : passwordEnv;
        }
    }

    /** A SQL transform over the datasets (each a table of its name); its result is registered as dataset {@code name}. */
    public record Transform(String name, String sql) {
        public Transform {
            require(name, "transform.name");
            require(sql, "transform.sql");
        }
    }

    /** A split: by time ranges of a column, or by ratios (seeded by the spec's seed). */
    public record Split(Optional<TimeSplit> time, Optional<Map<String, Double>> ratio) {
        public Split {
            time = time == null ? Optional.empty() : time;
            ratio = ratio == null ? Optional.empty() : ratio;
            if (time.isPresent() == ratio.isPresent()) {
                throw CairnException.invalidParameter("The split needs exactly one of 'time' or 'ratio'");
            }
        }

        /** The rule to cut with. */
        public SplitRule rule(long seed) {
            return time.<SplitRule>map(t -> new SplitRule.ByTime(t.column(), t.parts())).orElseGet(() -> new SplitRule.ByRatio(ratio.get(), seed));
        }
    }

    /** Time ranges per part, e.g. train: {from: 2001-01-01, to: 2001-02-01}. */
    public record TimeSplit(String column, Map<String, SplitRule.TimeRange> parts) {
        public TimeSplit {
            require(column, "split.time.column");
            parts = parts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parts));
        }
    }

    /** One algorithm: fixed parameters, and optionally a search over others. */
    public record ModelSpec(Algorithm algorithm, Map<String, Object> params, Optional<Map<String, Object>> search) {
        public ModelSpec {
            if (algorithm == null) {
                throw CairnException.invalidParameter("Each model needs an 'algorithm'");
            }
            params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
            search = search == null ? Optional.empty() : search;
            // Drawing the candidates checks every searched parameter's name and kind now, not mid-run.
            draw(algorithm, params, search, 0);
        }

        /** The parameter sets to try: the search's candidates over the fixed parameters, or the fixed parameters alone. */
        public List<Map<String, Object>> candidates(long seed) {
            return draw(algorithm, params, search, seed);
        }

        private static List<Map<String, Object>> draw(Algorithm algorithm, Map<String, Object> params,
                                                      Optional<Map<String, Object>> search, long seed) {
            List<Map<String, Number>> drawn = search.map(space -> SearchSpace.parse(space).candidates(seed)).orElse(List.of(Map.of()));
            return drawn.stream().map(candidate -> {
                Map<String, Object> merged = new LinkedHashMap<>(params);
                merged.putAll(candidate);
                return algorithm.resolve(merged);
            }).toList();
        }
    }

    /**
     * How candidates are compared: k-fold cross-validation on the train part (or a seeded sample
     * of it, for speed), by a metric, with trials in parallel.
     */
    public record Tuning(int folds, String metric, int parallelism, Optional<Integer> sampleRows) {
        public Tuning {
            folds = folds == 0 ? 3 : folds;
            parallelism = parallelism == 0 ? Math.max(1, Runtime.getRuntime().availableProcessors()) : parallelism;
            sampleRows = sampleRows == null ? Optional.empty() : sampleRows;
            if (folds < 2) {
                throw CairnException.invalidParameter("tuning.folds must be at least 2");
            }
            if (parallelism < 1) {
                throw CairnException.invalidParameter("tuning.parallelism must be at least 1, not " + parallelism);
            }
            if (sampleRows.isPresent() && sampleRows.get() < folds) {
                throw CairnException.invalidParameter("tuning.sample_rows must be at least tuning.folds (" + folds + "), not " + sampleRows.get());
            }
            if (metric != null) {
                MetricName.parse(metric);
            }
        }

        /** The metric, defaulting to ROC AUC for classification and RMSE for regression. */
        public MetricName metric(Task task) {
            return metric != null ? MetricName.parse(metric) : task == Task.CLASSIFICATION ? MetricName.ROC_AUC : MetricName.RMSE;
        }
    }

    /** Slices: the test metrics again per value of these columns (the most frequent {@code max_slices} values). */
    public record Evaluation(List<String> slices, int maxSlices) {
        public Evaluation {
            slices = slices == null ? List.of() : List.copyOf(slices);
            maxSlices = maxSlices == 0 ? 10 : maxSlices;
        }
    }

    /** The quality gate: metric thresholds, and the champion comparison. */
    public record Gate(Map<String, Double> thresholds, Optional<Champion> champion) {
        public Gate {
            thresholds = thresholds == null ? Map.of() : thresholds;
            champion = champion == null ? Optional.empty() : champion;
        }

        /** The gate to judge with. */
        public QualityGate toGate() {
            return new QualityGate(thresholds, champion.map(Champion::metric), champion.map(Champion::margin).orElse(0.0));
        }
    }

    /** Compare with the version under the {@code champion} alias: at most {@code margin} worse on {@code metric}. */
    public record Champion(String metric, double margin) {
        public Champion {
            MetricName.parse(metric);
        }
    }

    /** Where the winner is registered, and the alias it gets. */
    public record Register(String model, Optional<String> alias) {
        public Register {
            require(model, "register.model");
            alias = alias == null ? Optional.empty() : alias;
        }
    }
}
