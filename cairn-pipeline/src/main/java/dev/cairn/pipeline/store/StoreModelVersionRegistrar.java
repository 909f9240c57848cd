package dev.cairn.pipeline.store;

import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.registry.ModelPromotion;
import dev.cairn.core.registry.ModelRegistrar;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.registry.ModelVersionStatus;
import dev.cairn.core.registry.NewModelVersion;
import dev.cairn.core.registry.RegistryStore;
import dev.cairn.core.tracking.Tag;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.pipeline.step.ModelVersionOutput;
import dev.cairn.pipeline.step.ModelVersionRegistrar;
import dev.cairn.serve.repository.ModelRepository;
import dev.cairn.serve.repository.RegistryModelSource;
import dev.cairn.serve.repository.VersionSelector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Registers model packages in a {@link RegistryStore}: the package's files go to the
 * {@link ArtifactStore} under {@code models/<name>/<digest>/}, as {@code cairn models import}
 * uploads them, and the version is created through the {@link ModelRegistrar} the server uses, so
 * it is checked (loaded, its input example scored) exactly as an API registration is; an alias
 * moves through {@link ModelPromotion}, as the API's does.
 */
public final class StoreModelVersionRegistrar implements ModelVersionRegistrar {
    private final RegistryStore registry;
    private final ModelPromotion promotion;
    private final ModelRegistrar registrar;
    private final ArtifactStore artifacts;

    /** Registration into these stores, through {@code registrar} (which checks each version). */
    public StoreModelVersionRegistrar(RegistryStore registry, ModelRegistrar registrar, ArtifactStore artifacts) {
        this.registry = registry;
        this.promotion = new ModelPromotion(registry);
        this.registrar = registrar;
        this.artifacts = artifacts;
    }

    @Override
    public ModelVersionOutput register(String name, Path folder, String digest, Optional<String> alias) {
        // Content-addressed: registering the same package again uploads to the same place.
        String artifactFolder = "models/" + name.replaceAll("[^\\w.-]", "_") + "/" + digest;
        upload(folder, ArtifactPath.of(artifactFolder));
        ensureRegisteredModel(name);
        // A package Cairn trained names its training run: the version's lineage starts there.
        Optional<String> runId = ModelPackage.read(folder).descriptor().runId();
        ModelVersion version = registrar.register(new NewModelVersion(name, "mlflow-artifacts:/" + artifactFolder, runId,
                "Registered by a pipeline (package sha256 " + digest + ")", System.getProperty("user.name", ""),
                List.of(new Tag("cairn.package_digest", digest))));
        if (version.status() != ModelVersionStatus.READY) {
            throw CairnException.invalidParameter("Registration of " + name + " version " + version.version() + " failed: "
                    + version.statusMessage());
        }
        alias.ifPresent(a -> promotion.promote(name, a, version.version()));
        return new ModelVersionOutput(name, version.version(), digest, folder);
    }

    @Override
    public Optional<ModelPackage> aliased(String name, String alias, Path cacheFolder) {
        ModelRepository repository = new ModelRepository(new RegistryModelSource(registry, artifacts), cacheFolder);
        ModelVersion version;
        try {
            version = repository.resolve(name, new VersionSelector.Alias(alias));
        } catch (CairnException e) {
            if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(repository.fetch(version));
    }

    private void upload(Path folder, ArtifactPath target) {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                try (InputStream content = Files.newInputStream(file)) {
                    artifacts.put(target.resolve(folder.relativize(file).toString().replace('\\', '/')), content);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload " + folder, e);
        }
    }

    private void ensureRegisteredModel(String name) {
        try {
            registry.createRegisteredModel(name, "", List.of());
        } catch (CairnException e) {
            if (e.code() != ErrorCode.RESOURCE_ALREADY_EXISTS) {
                throw e;
            }
        }
    }
}
