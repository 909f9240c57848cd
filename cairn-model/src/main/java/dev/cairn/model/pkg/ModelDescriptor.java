package dev.cairn.model.pkg;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cairn.core.error.CairnException;
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
        runId = runId == null ? Optional.empty() : runId;
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** True if the model is a classifier (it names its classes). */
    @JsonIgnore
    public boolean isClassifier() {
        return !classLabels.isEmpty();
    }
}
