package dev.cairn.core.tracking;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A named group of runs that share an artifact location. */
public record Experiment(
        String experimentId,
        String name,
        String artifactLocation,
        LifecycleStage lifecycleStage,
        long creationTime,
        long lastUpdateTime,
        List<Tag> tags) {
    public Experiment {
        requireNonNull(experimentId, "experimentId is null");
        requireNonNull(name, "name is null");
        requireNonNull(artifactLocation, "artifactLocation is null");
        requireNonNull(lifecycleStage, "lifecycleStage is null");
        tags = List.copyOf(tags);
    }
}
