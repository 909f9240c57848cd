package dev.cairn.core.batch;

import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A batch scoring job and how far it got.
 *
 * @param rowsScored rows scored so far (all of them once SUCCEEDED)
 * @param message why it failed, or a summary once done
 */
public record BatchJob(long id, String model, int version, String inputPath, String outputPath, Optional<String> idColumn,
                       BatchJobState state, long rowsScored, String message, long creationTime, OptionalLong startTime,
                       OptionalLong endTime) {
    public BatchJob {
        requireNonNull(model, "model is null");
        requireNonNull(inputPath, "inputPath is null");
        requireNonNull(outputPath, "outputPath is null");
        requireNonNull(idColumn, "idColumn is null");
        requireNonNull(state, "state is null");
        requireNonNull(message, "message is null");
        requireNonNull(startTime, "startTime is null");
        requireNonNull(endTime, "endTime is null");
    }
}
