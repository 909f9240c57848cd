package dev.cairn.pipeline.step;

import java.nio.file.Path;

/**
 * Registers files as dataset versions: the one thing the built-in steps need from the dataset
 * and artifact stores. Content a dataset already has gives its existing version. Implemented over
 * the stores in-process and over the REST API by the command line.
 */
public interface DatasetRegistrar {
    /** Registers a file as a version of a dataset; {@code source} says where it came from. */
    DatasetOutput register(String name, Path file, String source);
}
