package dev.cairn.pipeline.step;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/** A file or folder a step wrote (a Parquet table, a model package), with its {@link ContentDigest#ofPath content digest}. */
public record FileOutput(Path path, String digest) implements Output {
    public FileOutput {
        requireNonNull(path, "path is null");
        requireNonNull(digest, "digest is null");
    }
}
