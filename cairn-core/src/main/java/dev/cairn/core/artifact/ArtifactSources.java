package dev.cairn.core.artifact;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.tracking.TrackingStore;

import java.util.List;

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

    /**
     * The artifact path a source URI names: a file or folder inside one run's artifacts
     * ({@code <experiment>/<run>/artifacts/<path>}) or below the models area
     * ({@code models/<model>/<upload>}). A root (the store's, an experiment's or a run's) is
     * refused: a version made of it would take in every file below it.
     */
    public ArtifactPath resolve(String source) {
        ArtifactPath path;
        if (source.startsWith("runs:/")) {
            String rest = source.substring("runs:/".length()).replaceFirst("^/+", "");
            int slash = rest.indexOf('/');
            String runId = slash < 0 ? rest : rest.substring(0, slash);
            String relative = slash < 0 ? "" : rest.substring(slash + 1);
            path = ArtifactPath.ofProxiedUri(tracking.getRun(runId).info().artifactUri()).resolve(relative);
        } else {
            path = ArtifactPath.ofProxiedUri(source);
        }
        List<String> segments = path.segments();
        boolean inRunArtifacts = segments.size() >= 4 && segments.get(2).equals("artifacts");
        boolean inModels = segments.size() >= 3 && segments.get(0).equals("models");
        if (!inRunArtifacts && !inModels) {
            throw CairnException.invalidParameter("The source '" + source + "' is not a model's files: name a folder inside one run's "
                    + "artifacts (runs:/<run_id>/<path> or mlflow-artifacts:/<experiment>/<run>/artifacts/<path>), not a root");
        }
        return path;
    }
}
