package dev.cairn.core.registry;

import dev.cairn.core.tracking.Tag;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One registered version of a model, with its lineage: the files it came from ({@code source}),
 * the run that produced them, and who registered it.
 */
public record ModelVersion(
        String name,
        int version,
        long creationTime,
        long lastUpdatedTime,
        String description,
        String userId,
        String source,
        Optional<String> runId,
        ModelVersionStatus status,
        String statusMessage,
        Stage stage,
        List<Tag> tags,
        List<String> aliases) {
    public ModelVersion {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(source, "source is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(status, "status is null");
        requireNonNull(statusMessage, "statusMessage is null");
        requireNonNull(stage, "stage is null");
        tags = List.copyOf(tags);
        aliases = List.copyOf(aliases);
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1");
        }
    }
}
