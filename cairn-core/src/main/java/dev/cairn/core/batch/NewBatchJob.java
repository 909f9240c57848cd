package dev.cairn.core.batch;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A batch job to queue: score the file at {@code inputPath} (an artifact path) with a version of a
 * registered model, into {@code outputPath}, copying {@code idColumn} (when given) to the output.
 */
public record NewBatchJob(String model, int version, String inputPath, String outputPath, Optional<String> idColumn) {
    public NewBatchJob {
        requireNonNull(model, "model is null");
        requireNonNull(inputPath, "inputPath is null");
        requireNonNull(outputPath, "outputPath is null");
        requireNonNull(idColumn, "idColumn is null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1");
        }
    }
}
