package dev.cairn.dashboard.runs;

import dev.cairn.core.artifact.ArtifactEntry;
import dev.cairn.core.tracking.Experiment;
import dev.cairn.core.tracking.Run;
import dev.cairn.core.tracking.RunInfo;
import dev.cairn.dashboard.Chart;
import dev.cairn.dashboard.Display;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * A run's page.
 *
 * @param parent the run this one is nested under, if any
 * @param children runs nested under this one (a tuning's trials), the first page of them
 * @param artifactFolder the folder of the run's artifacts being browsed, relative to its root
 * @param artifacts that folder's entries; empty when the run's artifacts live outside this server
 * @param artifactRoot the store path of the run's artifact root, for download links
 */
public record RunView(Run run, Experiment experiment, Optional<RunInfo> parent, List<RunInfo> children, List<Chart> charts,
                      String artifactFolder, List<ArtifactEntry> artifacts, Optional<String> artifactRoot) {
    public RunView {
        requireNonNull(run, "run is null");
        requireNonNull(experiment, "experiment is null");
        requireNonNull(parent, "parent is null");
        children = List.copyOf(children);
        charts = List.copyOf(charts);
        requireNonNull(artifactFolder, "artifactFolder is null");
        artifacts = List.copyOf(artifacts);
        requireNonNull(artifactRoot, "artifactRoot is null");
    }

    /** The entry's path relative to the run's artifact root. */
    public String relative(ArtifactEntry entry) {
        String name = entry.path().fileName();
        return artifactFolder.isEmpty() ? name : artifactFolder + "/" + name;
    }

    /** Where a file of the run downloads: the MLflow artifact proxy, which serves the store's paths. */
    public static String downloadUrl(ArtifactEntry entry) {
        return "/api/2.0/mlflow-artifacts/artifacts/"
                + entry.path().segments().stream().map(Display::segment).collect(Collectors.joining("/"));
    }

    /** The folder above the one browsed, or empty at the root. */
    public Optional<String> upFolder() {
        if (artifactFolder.isEmpty()) {
            return Optional.empty();
        }
        int slash = artifactFolder.lastIndexOf('/');
        return Optional.of(slash < 0 ? "" : artifactFolder.substring(0, slash));
    }
}
