package dev.cairn.model.pkg;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cairn.core.error.CairnException;
import dev.cairn.model.encoding.FeatureEncoding;
import dev.cairn.model.signature.Signature;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contents of {@code cairn-model.yaml}: what a model is, which runtime runs it, its files,
 * its signature, an input example to prove it answers, and where it came from.
 *
 * @param modelFile the file the runtime loads (for ONNX, the {@code .onnx} graph)
 * @param classLabels for classifiers, the class of each probability output, in output order
 * @param predictorClass for the {@code java} flavor, the scoring class in the package's jars
 * @param encoding how the signature's raw columns become the model's features, when the model
 *                 was trained on encoded features; the runtime then sees the encoded columns
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
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
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

    /** True if the model is a classifier (it names its classes). */
    @JsonIgnore
    public boolean isClassifier() {
        return !classLabels.isEmpty();
    }
}
