package dev.cairn.dashboard.models;

import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.registry.RegisteredModel;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A registered model's page: the model and its versions, newest first. */
public record ModelView(RegisteredModel model, List<ModelVersion> versions) {
    public ModelView {
        requireNonNull(model, "model is null");
        versions = List.copyOf(versions);
    }
}
