package dev.cairn.pipeline.step;

import dev.cairn.core.dataset.DatasetPart;

import java.nio.file.Path;
import java.util.List;

/**
 * Registers files as dataset versions, and records how a version was split: what the built-in
 * steps need from the dataset and artifact stores. Content a dataset already has gives its existing version. Implemented over
 * the stores in-process and over the REST API by the command line.
 */
public interface DatasetRegistrar {
    /**
     * Registers a file as a version of a dataset; {@code sourceType} ({@code file}, {@code jdbc})
     * and {@code source} say where it came from.
     */
    DatasetOutput register(String name, Path file, String sourceType, String source);

    /** Records on a version the parts a split cut it into, as a training does. */
    void recordSplit(DatasetOutput dataset, List<DatasetPart> parts);
}
