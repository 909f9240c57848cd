package dev.cairn.server.mlflow;

import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.tracking.TrackingStore;

import static java.util.Objects.requireNonNull;

/**
 * Resolves the source URI of a model version to the folder of this server's artifact store that
 * holds its files: {@code mlflow-artifacts:/<path>} directly, {@code runs:/<run_id>/<path>}
 * through the run's artifact root.
 */
public final class ArtifactSources {
    private final TrackingStore tracking;

    /** Sources resolved through the runs of a tracking store. */
    public ArtifactSources(TrackingStore tracking) {
        this.tracking = requireNonNull(tracking, "tracking is null");
    }

    /** The artifact path a source URI names. */
    public ArtifactPath resolve(String source) {
        if (source.startsWith("runs:/")) {
            String rest = source.substring("runs:/".length()).replaceFirst("^/+", "");
            int slash = rest.indexOf('/');
            String runId = slash < 0 ? rest : rest.substring(0, slash);
            String relative = slash < 0 ? "" : rest.substring(slash + 1);
            return MlflowArtifactRoutes.proxiedPath(tracking.getRun(runId).info().artifactUri()).resolve(relative);
        }
        return MlflowArtifactRoutes.proxiedPath(source);
    }
}
