package dev.cairn.pipeline.step;

import dev.cairn.core.dataset.NewDatasetVersion;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * A registered dataset version and the local file holding its content.
 *
 * @param path where the content is on this machine, for the steps that read it
 */
public record DatasetOutput(String name, int version, String digest, Path path) implements Output {
    public DatasetOutput {
        NewDatasetVersion.checkName(name);
        requireNonNull(digest, "digest is null");
        requireNonNull(path, "path is null");
        if (version < 1) {
            throw new IllegalArgumentException("dataset versions start at 1, not " + version);
        }
    }
}
