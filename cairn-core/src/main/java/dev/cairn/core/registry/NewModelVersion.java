package dev.cairn.core.registry;

import dev.cairn.core.tracking.Tag;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** What a caller gives to register a new version of a model. */
public record NewModelVersion(String name, String source, Optional<String> runId, String description, String userId, List<Tag> tags) {
    public NewModelVersion {
        requireNonNull(name, "name is null");
        requireNonNull(source, "source is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(description, "description is null");
        requireNonNull(userId, "userId is null");
        tags = List.copyOf(tags);
    }
}
