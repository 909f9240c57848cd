package dev.cairn.pipeline.step;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * A registered model version and the package folder it was registered from, on this machine.
 *
 * @param digest the package's content digest ({@link ContentDigest#ofPath}), the same as the
 *               {@link FileOutput} it was registered from, so a downstream key does not change
 *               when the same package is registered again
 * @param path   the package folder, for the steps that score with it
 */
public record ModelVersionOutput(String name, int version, String digest, Path path) implements Output {
    public ModelVersionOutput {
        requireNonNull(name, "name is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(path, "path is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a model version needs a model name");
        }
        if (version < 1) {
            throw new IllegalArgumentException("model versions start at 1, not " + version);
        }
    }
}
