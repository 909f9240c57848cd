package dev.cairn.core.registry;

import dev.cairn.core.tracking.Tag;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A named model whose versions are registered over time, with tags and aliases. */
public record RegisteredModel(
        String name,
        long creationTime,
        long lastUpdatedTime,
        String description,
        List<Tag> tags,
        List<ModelAlias> aliases,
        List<ModelVersion> latestVersions) {
    public RegisteredModel {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        tags = List.copyOf(tags);
        aliases = List.copyOf(aliases);
        latestVersions = List.copyOf(latestVersions);
    }
}
