package dev.cairn.pipeline.store;

import dev.cairn.core.artifact.ArtifactSources;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.registry.ModelRegistrar;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.model.registry.SourceFilesValidator;
import dev.cairn.pipeline.run.ExecutionSettings;
import dev.cairn.pipeline.run.PipelineExecutor;
import dev.cairn.pipeline.run.StepEvent;
import dev.cairn.pipeline.step.StepTypes;
import dev.cairn.serve.deployment.Deployments;

import java.util.Optional;
import java.util.function.Consumer;

/** Executors whose steps talk to the stores of this process: what the server, its workers, the tests and the benchmarks run. */
public final class InProcessPipelines {
    private InProcessPipelines() {
    }

    /**
     * An executor over {@code metadata} and {@code artifacts}, registering models through
     * {@code registrar} and pointing deployments through {@code deployments} when this process
     * hosts them.
     */
    public static PipelineExecutor executor(StepTypes types, MetadataStore metadata, ArtifactStore artifacts, ModelRegistrar registrar,
                                            Optional<Deployments> deployments, ExecutionSettings settings, Consumer<StepEvent> events) {
        return new PipelineExecutor(types, new StorePipelineTracking(metadata.tracking(), artifacts),
                new StoreDatasetRegistrar(metadata.datasets(), artifacts), new StoreModelVersionRegistrar(metadata.registry(), registrar, artifacts),
                new StoreModelVersionDeployer(metadata.registry(), deployments), settings, events);
    }

    /** An executor hosting no deployment, registering models as the server does: loaded and checked from their files. */
    public static PipelineExecutor executor(StepTypes types, MetadataStore metadata, ArtifactStore artifacts, ExecutionSettings settings,
                                            Consumer<StepEvent> events) {
        return executor(types, metadata, artifacts, registrar(metadata, artifacts), Optional.empty(), settings, events);
    }

    /** The registrar the server uses: a version is READY once its files load and score their input example. */
    public static ModelRegistrar registrar(MetadataStore metadata, ArtifactStore artifacts) {
        return new ModelRegistrar(metadata.registry(), new SourceFilesValidator(artifacts, new ArtifactSources(metadata.tracking())));
    }
}
