package dev.cairn.dashboard.models;

import dev.cairn.core.registry.ModelFile;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.tracking.Run;
import dev.cairn.dashboard.Display;
import dev.cairn.model.pkg.ModelDescriptor;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A model version's page.
 *
 * @param descriptor the package descriptor recorded at registration (signature, classes, metrics); empty before READY
 * @param run the run that produced the version, with the datasets it used
 * @param files the manifest: each file's path, size and digest
 */
public record VersionView(ModelVersion version, Optional<ModelDescriptor> descriptor, Optional<Run> run, List<ModelFile> files) {
    public VersionView {
        requireNonNull(version, "version is null");
        requireNonNull(descriptor, "descriptor is null");
        requireNonNull(run, "run is null");
        files = List.copyOf(files);
    }

    /** Where the version's package downloads as one zip. */
    public String downloadUrl() {
        return "/api/v1/model-versions/package?name=" + Display.query(version.name()) + "&version=" + version.version();
    }
}
