package dev.cairn.serve.deployment;

import dev.cairn.core.registry.ModelVersion;
import dev.cairn.model.frame.Frame;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A scored request: the outputs, which arm and version answered, and the id of each row's
 * prediction, by which labels are attached later.
 */
public record Inference(Frame outputs, String arm, ModelVersion version, List<String> predictionIds) {
    public Inference {
        requireNonNull(outputs, "outputs is null");
        requireNonNull(arm, "arm is null");
        requireNonNull(version, "version is null");
        predictionIds = List.copyOf(predictionIds);
    }
}
