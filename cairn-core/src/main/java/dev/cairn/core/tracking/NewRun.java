package dev.cairn.core.tracking;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a caller gives to start a run. Reproducibility details (source name, git commit, user)
 * arrive as MLflow's system tags ({@code mlflow.source.name}, {@code mlflow.source.git.commit},
 * {@code mlflow.user}) and are kept with the run's other tags.
 */
public record NewRun(String experimentId, String userId, Optional<String> runName, long startTime, List<Tag> tags) {
    public NewRun {
        requireNonNull(experimentId, "experimentId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(runName, "runName is null");
        tags = List.copyOf(tags);
    }
}
