package dev.cairn.cli;

import dev.cairn.core.dataset.DatasetPart;
import dev.cairn.pipeline.step.DatasetOutput;
import dev.cairn.pipeline.step.DatasetRegistrar;

import java.nio.file.Path;
import java.util.List;

/**
 * Dataset registration and split records for pipeline steps through a server, as
 * {@code cairn datasets register} and {@code cairn train} make them.
 */
final class RestDatasetRegistrar implements DatasetRegistrar {
    private final DatasetRegistry registry;

    RestDatasetRegistrar(DatasetRegistry registry) {
        this.registry = registry;
    }

    @Override
    public DatasetOutput register(String name, Path file, String sourceType, String source) {
        DatasetRegistry.RegisteredDataset registered = registry.register(name, file, sourceType, source, "");
        return new DatasetOutput(registered.name(), registered.version(), registered.digest(), file);
    }

    @Override
    public void recordSplit(DatasetOutput dataset, List<DatasetPart> parts) {
        registry.recordSplit(dataset.name(), dataset.version(),
                parts.stream().map(part -> new DatasetRegistry.Split(part.name(), part.definition(), part.rowCount())).toList());
    }
}
