package dev.cairn.serve.repository;

import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.registry.ModelFile;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.registry.ModelVersionStatus;
import dev.cairn.core.registry.RegistryStore;
import dev.cairn.core.registry.RegistrySearch;
import dev.cairn.core.tracking.search.SearchFilter;

import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Versions and files read straight from the registry and the artifact store (inside the server). */
public final class RegistryModelSource implements ModelSource {
    private final RegistryStore registry;
    private final ArtifactStore artifacts;

    /** A source over the server's stores. */
    public RegistryModelSource(RegistryStore registry, ArtifactStore artifacts) {
        this.registry = requireNonNull(registry, "registry is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
    }

    @Override
    public ModelVersion resolve(String model, VersionSelector selector) {
        ModelVersion version;
        if (selector instanceof VersionSelector.Number number) {
            version = registry.getModelVersion(model, number.version());
        } else if (selector instanceof VersionSelector.Alias alias) {
            version = registry.getModelVersionByAlias(model, alias.alias());
        } else {
            version = newestReady(model);
        }
        if (version.status() != ModelVersionStatus.READY) {
            throw new CairnException(ErrorCode.INVALID_STATE, "Version " + version.version() + " of model '" + model + "' is "
                    + version.status() + (version.statusMessage().isEmpty() ? "" : " (" + version.statusMessage() + ")")
                    + "; only READY versions can be served");
        }
        return version;
    }

    @Override
    public List<ModelFile> files(ModelVersion version) {
        List<ModelFile> files = registry.files(version.name(), version.version());
        if (files.isEmpty()) {
            throw new CairnException(ErrorCode.INVALID_STATE, "Version " + version.version() + " of model '" + version.name()
                    + "' has no recorded manifest (it was registered by an older Cairn); register its source again to serve it");
        }
        return files;
    }

    @Override
    public InputStream open(ModelVersion version, ModelFile file) {
        return artifacts.openContent(file.digest());
    }

    private ModelVersion newestReady(String model) {
        registry.getRegisteredModel(model);
        String filter = "name = '" + model.replace("'", "\\'") + "'";
        return registry.searchModelVersions(new RegistrySearch(SearchFilter.parseModelVersionFilter(filter),
                        RegistrySearch.MAX_RESULTS_LIMIT, List.of(), Optional.empty())).items().stream()
                .filter(version -> version.status() == ModelVersionStatus.READY)
                .max(Comparator.comparingInt(ModelVersion::version))
                .orElseThrow(() -> CairnException.notFound("Model '" + model + "' has no READY version to serve"));
    }
}
