package dev.cairn.pipeline.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.cairn.core.error.CairnException;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.pipeline.step.StepTypes;
import dev.cairn.train.spec.TrainSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A training spec ({@code train.yaml}) compiled to the standard pipeline of built-in steps:
 * a {@code dataset} step per source (file or JDBC query), a {@code sql} step and a {@code dataset} step registering its
 * result when the spec has a transform, {@code validate} when it has rules, then {@code split},
 * {@code train}, {@code gate} when it has a gate (comparing with the registered model's champion
 * on the test part when the spec asks) and {@code register} (with its alias) when it registers,
 * with the spec's parameters. Run by a {@link dev.cairn.pipeline.run.PipelineExecutor},
 * a training gets the pipeline's caching, tracking and resume.
 *
 * <p>The pipeline is written as pipeline YAML and read by the {@link PipelineSpecReader}, so it is
 * checked exactly as a pipeline file is, and {@link #yaml} shows what runs.
 */
public final class TrainingPipeline {
    /** Writes the spec's parts as the train step reads them: snake_case, absent options left out. */
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new Jdk8Module())
            .serializationInclusion(JsonInclude.Include.NON_ABSENT)
            .build();

    private TrainingPipeline() {
    }

    /** True if the YAML file is a training spec (models, no steps) rather than a pipeline file; false if it is not YAML. */
    public static boolean isTrainingSpec(Path file) {
        try {
            JsonNode root = YAML.readTree(file.toFile());
            return root != null && root.isObject() && !root.has("steps") && root.has("models");
        } catch (IOException e) {
            return false;
        }
    }

    /** The pipeline of a training spec file, named after its experiment ({@code train-<experiment>}). */
    public static PipelineSpec read(Path file, StepTypes types) {
        TrainSpec spec = TrainSpec.read(file);
        String name = "train-" + spec.experiment().replaceAll("[^A-Za-z0-9._-]", "_");
        return compile(spec, name, file.toAbsolutePath().getParent(), types);
    }

    /**
     * The pipeline of a spec whose file is in {@code specFolder}, named {@code name}.
     */
    public static PipelineSpec compile(TrainSpec spec, String name, Path specFolder, StepTypes types) {
        return new PipelineSpecReader(types).read(yaml(spec, name), specFolder.toAbsolutePath());
    }

    /** The pipeline YAML a spec compiles to. */
    public static String yaml(TrainSpec spec, String name) {
        try {
            return YAML.writeValueAsString(pipeline(spec, name));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode pipeline(TrainSpec spec, String name) {
        ObjectNode pipeline = YAML.createObjectNode().put("name", name).put("experiment", spec.experiment());
        ObjectNode steps = pipeline.putObject("steps");
        String table = null;
        for (Map.Entry<String, TrainSpec.Source> dataset : spec.datasets().entrySet()) {
            TrainSpec.Source source = dataset.getValue();
            String step = datasetStep(dataset.getKey());
            checkUnique(steps, step);
            ObjectNode params = steps.putObject(step).put("type", "dataset").putObject("params").put("name", dataset.getKey());
            if (source.file().isPresent()) {
                params.put("path", source.file().get());
            } else {
                params.set("jdbc", YAML.valueToTree(source.jdbc().get()));
            }
            table = reference(step, "dataset");
        }
        if (spec.transform().isPresent()) {
            TrainSpec.Transform transform = spec.transform().get();
            ObjectNode sql = steps.putObject("transform").put("type", "sql");
            ObjectNode inputs = sql.putObject("inputs");
            // Each source is a table of its dataset name, as in train.yaml.
            spec.datasets().keySet().forEach(dataset -> inputs.put(dataset, reference(datasetStep(dataset), "dataset")));
            sql.putObject("params").put("sql", transform.sql());
            // The derived table is registered as a dataset of its own: the data the model is trained on.
            String step = datasetStep(transform.name());
            checkUnique(steps, step);
            steps.putObject(step).put("type", "dataset").putObject("params").put("name", transform.name())
                    .put("path", reference("transform", "table"));
            table = reference(step, "dataset");
        } else if (spec.datasets().size() > 1) {
            throw CairnException.invalidParameter("The spec names " + spec.datasets().size() + " datasets; add a 'transform' that combines them");
        }
        if (spec.validation().isPresent()) {
            ObjectNode validate = steps.putObject("validate").put("type", "validate");
            validate.putObject("inputs").put("table", table);
            validate.putObject("params").put("rules_file", spec.validation().get());
            table = reference("validate", "table");
        }

        ObjectNode split = steps.putObject("split").put("type", "split");
        split.putObject("inputs").put("table", table);
        ObjectNode splitParams = split.putObject("params");
        if (spec.split().time().isPresent()) {
            splitParams.put("column", spec.split().time().get().column()).set("parts", YAML.valueToTree(spec.split().time().get().parts()));
        } else {
            splitParams.put("seed", spec.seed()).set("ratios", YAML.valueToTree(spec.split().ratio().get()));
        }

        ObjectNode train = steps.putObject("train").put("type", "train");
        train.putObject("inputs").put("train", reference("split", "train")).put("test", reference("split", "test"));
        ObjectNode trainParams = train.putObject("params").put("target", spec.target()).put("seed", spec.seed())
                .put("model_name", spec.register().map(TrainSpec.Register::model).orElse(spec.target()));
        spec.positiveClass().ifPresent(positive -> trainParams.put("positive_class", positive));
        trainParams.set("features", YAML.valueToTree(spec.features()));
        trainParams.set("models", YAML.valueToTree(spec.models()));
        trainParams.set("tuning", YAML.valueToTree(spec.tuning()));
        trainParams.set("evaluation", YAML.valueToTree(spec.evaluation()));

        if (spec.gate().isPresent()) {
            TrainSpec.Gate gate = spec.gate().get();
            ObjectNode gateStep = steps.putObject("gate").put("type", "gate");
            ObjectNode gateInputs = gateStep.putObject("inputs").put("metrics", reference("train", "metrics"))
                    .put("model", reference("train", "model"));
            ObjectNode gateParams = gateStep.putObject("params");
            gateParams.set("thresholds", YAML.valueToTree(gate.thresholds()));
            // The champion is the registered model's: a spec that registers nothing has none to compare with.
            if (gate.champion().isPresent() && spec.register().isPresent()) {
                gateInputs.put("test", reference("split", "test"));
                ObjectNode champion = gateParams.putObject("champion").put("model", spec.register().get().model())
                        .put("metric", gate.champion().get().metric()).put("margin", gate.champion().get().margin()).put("target", spec.target());
                spec.positiveClass().ifPresent(positive -> champion.put("positive_class", positive));
            }
        }
        spec.register().ifPresent(register -> {
            ObjectNode registerStep = steps.putObject("register").put("type", "register");
            registerStep.putObject("inputs").put("model", reference(spec.gate().isPresent() ? "gate" : "train", "model"));
            ObjectNode params = registerStep.putObject("params").put("name", register.model());
            register.alias().ifPresent(alias -> params.put("alias", alias));
        });
        return pipeline;
    }

    /** The step registering a dataset: named after it, in the characters step names allow. */
    private static String datasetStep(String dataset) {
        return "dataset-" + dataset.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static void checkUnique(ObjectNode steps, String step) {
        if (steps.has(step)) {
            throw CairnException.invalidParameter("Two datasets of the spec would be registered by one step '" + step
                    + "'; give them names that differ in letters or digits");
        }
    }

    private static String reference(String step, String output) {
        return "${steps." + step + ".outputs." + output + "}";
    }
}
