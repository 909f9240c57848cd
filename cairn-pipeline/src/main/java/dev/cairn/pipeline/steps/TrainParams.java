package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.cairn.core.error.CairnException;
import dev.cairn.train.encode.EncodingSpec;
import dev.cairn.train.spec.TrainSpec;
import dev.cairn.train.trainer.Task;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A {@code train} step's parameters, read into the training spec's own parts ({@link EncodingSpec},
 * {@link TrainSpec.ModelSpec}, {@link TrainSpec.Tuning}, {@link TrainSpec.Evaluation}) so that they
 * are written and checked exactly as in {@code train.yaml}.
 *
 * @param modelName the name written into the package (the registered model's, usually)
 */
record TrainParams(String target, Optional<String> positiveClass, long seed, EncodingSpec features, List<TrainSpec.ModelSpec> models,
                   TrainSpec.Tuning tuning, TrainSpec.Evaluation evaluation, String modelName) {
    private static final ObjectMapper SNAKE_CASE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new Jdk8Module())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    TrainParams {
        requireNonNull(target, "target is null");
        requireNonNull(positiveClass, "positiveClass is null");
        requireNonNull(features, "features is null");
        models = List.copyOf(models);
        requireNonNull(tuning, "tuning is null");
        requireNonNull(evaluation, "evaluation is null");
        requireNonNull(modelName, "modelName is null");
        if (models.isEmpty()) {
            throw CairnException.invalidParameter("'models' needs at least one algorithm");
        }
        Task task = models.get(0).algorithm().task();
        models.stream().filter(model -> model.algorithm().task() != task).findFirst().ifPresent(model -> {
            throw CairnException.invalidParameter("All models must be of one kind; " + model.algorithm().specName() + " is not "
                    + task.name().toLowerCase());
        });
        if (features.columns().contains(target)) {
            throw CairnException.invalidParameter("The target '" + target + "' cannot also be a feature");
        }
        if (tuning.metric(task).task() != task) {
            throw CairnException.invalidParameter("tuning.metric " + tuning.metric(task).key() + " does not apply to " + task.name().toLowerCase());
        }
    }

    /** Classification or regression, from the models. */
    Task task() {
        return models.get(0).algorithm().task();
    }

    /** Reads and checks a step's parameters; a bad one is a {@code CairnException} naming it. */
    static TrainParams read(JsonNode params) {
        try {
            return SNAKE_CASE.treeToValue(params, Written.class).toParams();
        } catch (IOException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof CairnException)) {
                cause = cause.getCause();
            }
            throw CairnException.invalidParameter(cause instanceof CairnException ? cause.getMessage()
                    : e.getMessage().lines().findFirst().orElse("invalid train parameters"));
        }
    }

    /** The parameters as written, with the defaults a spec may leave out. */
    record Written(String target, Optional<String> positiveClass, Optional<Long> seed, EncodingSpec features,
                           List<TrainSpec.ModelSpec> models, Optional<TrainSpec.Tuning> tuning,
                           Optional<TrainSpec.Evaluation> evaluation, Optional<String> modelName) {
        Written {
            positiveClass = positiveClass == null ? Optional.empty() : positiveClass;
            seed = seed == null ? Optional.empty() : seed;
            models = models == null ? List.of() : models;
            tuning = tuning == null ? Optional.empty() : tuning;
            evaluation = evaluation == null ? Optional.empty() : evaluation;
            modelName = modelName == null ? Optional.empty() : modelName;
        }

        TrainParams toParams() {
            return new TrainParams(target, positiveClass, seed.orElse(42L), features, models,
                    tuning.orElseGet(() -> new TrainSpec.Tuning(0, null, 0, Optional.empty())),
                    evaluation.orElseGet(() -> new TrainSpec.Evaluation(List.of(), 0)), modelName.orElse(target));
        }
    }
}
