package dev.cairn.core.dataset;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A registered version of a dataset: numbered per dataset from 1, identified by its content's
 * sha256, with its schema, profile and the parts of the split last recorded on it (empty until
 * a training splits it).
 */
public record DatasetVersion(
        String name,
        int version,
        String digest,
        long creationTime,
        String sourceType,
        String source,
        String description,
        String artifactUri,
        long rowCount,
        List<DatasetColumn> columns,
        String profile,
        List<DatasetPart> split) {
    public DatasetVersion {
        requireNonNull(name, "name is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(sourceType, "sourceType is null");
        requireNonNull(source, "source is null");
        requireNonNull(description, "description is null");
        requireNonNull(artifactUri, "artifactUri is null");
        requireNonNull(profile, "profile is null");
        columns = List.copyOf(columns);
        split = List.copyOf(split);
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1");
        }
    }
}
