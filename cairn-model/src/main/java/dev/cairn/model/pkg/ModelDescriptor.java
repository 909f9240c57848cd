package dev.cairn.model.pkg;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cairn.core.error.CairnException;
import dev.cairn.model.encoding.FeatureEncoding;
import dev.cairn.model.signature.Signature;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The contents of {@code cairn-model.yaml}: what a model is, which runtime runs it, its files,
 * its signature, an input example to prove it answers, and where it came from.
 *
 * @param modelFile the file the runtime loads (for ONNX, the {@code .onnx} graph)
 * @param classLabels for classifiers, the class of each probability output, in output order
 * @param predictorClass for the {@code java} flavor, the scoring class in the package's jars
 * @param encoding how the signature's raw columns become the model's features, when the model
 *                 was trained on encoded features; the runtime then sees the encoded columns
 * @param runId the tracking run that trained the model, when Cairn trained it
 * @param metrics the model's evaluation metrics (on held-out rows) from that run
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ModelDescriptor(
        String name,
        ModelFlavor flavor,
        String modelFile,
        List<String> files,
        Signature signature,
        Optional<String> inputExample,
        List<String> classLabels,
        Optional<String> predictorClass,
        Optional<FeatureEncoding> encoding,
        Optional<String> runId,
        Map<String, Double> metrics,
        Map<String, String> metadata) {
    public ModelDescriptor {
        if (name == null || name.isBlank()) {
            throw CairnException.invalidParameter("cairn-model.yaml needs a 'name'");
        }
        if (flavor == null) {
            throw CairnException.invalidParameter("cairn-model.yaml needs a 'flavor'");
        }
        if (modelFile == null || modelFile.isBlank()) {
            throw CairnException.invalidParameter("cairn-model.yaml needs a 'model_file'");
        }
        if (signature == null) {
            throw CairnException.invalidParameter("cairn-model.yaml needs a 'signature' with 'inputs'");
        }
        files = files == null ? List.of(modelFile) : List.copyOf(files);
        inputExample = inputExample == null ? Optional.empty() : inputExample;
        classLabels = classLabels == null ? List.of() : List.copyOf(classLabels);
        predictorClass = predictorClass == null ? Optional.empty() : predictorClass;
        encoding = encoding == null ? Optional.empty() : encoding;
        runId = runId == null ? Optional.empty() : runId;
        // Sorted, so that the same metrics always write the same cairn-model.yaml (and package digest).
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metrics));
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /**
     * The descriptor the runtime loads: with an encoding, its inputs are the encoded features in
     * model order, since the runtime scores encoded rows; without, this descriptor.
     */
    public ModelDescriptor forRuntime() {
        return encoding.map(e -> new ModelDescriptor(name, flavor, modelFile, files,
                new Signature(e.encodedInputs(), signature.outputs()), inputExample, classLabels, predictorClass,
                Optional.empty(), runId, metrics, metadata)).orElse(this);
    }

    /**
     * This descriptor naming the run that trained the model and its evaluation metrics; metrics
     * that are not finite (the AUC of a test part with one class) are left out, as YAML readers
     * disagree on NaN.
     */
    public ModelDescriptor withProvenance(String runId, Map<String, Double> metrics) {
        Map<String, Double> finite = new TreeMap<>();
        metrics.forEach((key, value) -> {
            if (Double.isFinite(value)) {
                finite.put(key, value);
            }
        });
        return new ModelDescriptor(name, flavor, modelFile, files, signature, inputExample, classLabels, predictorClass, encoding,
                Optional.of(runId), finite, metadata);
    }

    /** True if the model is a classifier (it names its classes). */
    @JsonIgnore
    public boolean isClassifier() {
        return !classLabels.isEmpty();
    }
}
