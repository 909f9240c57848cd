package dev.cairn.cli;

import dev.cairn.pipeline.step.DatasetOutput;
import dev.cairn.pipeline.step.DatasetRegistrar;

import java.nio.file.Path;

/** Dataset registration for pipeline steps through a server, as {@code cairn datasets register} does it. */
final class RestDatasetRegistrar implements DatasetRegistrar {
    private final DatasetRegistry registry;

    RestDatasetRegistrar(DatasetRegistry registry) {
        this.registry = registry;
    }

    @Override
    public DatasetOutput register(String name, Path file, String source) {
        DatasetRegistry.RegisteredDataset registered = registry.register(name, file, "file", source, "");
        return new DatasetOutput(registered.name(), registered.version(), registered.digest(), file);
    }
}
