package dev.cairn.pipeline.step;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/** A file a step wrote (a Parquet table, a report), with the sha256 of its bytes. */
public record FileOutput(Path path, String digest) implements Output {
    public FileOutput {
        requireNonNull(path, "path is null");
        requireNonNull(digest, "digest is null");
    }
}
