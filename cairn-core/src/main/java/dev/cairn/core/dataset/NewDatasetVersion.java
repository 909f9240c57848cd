package dev.cairn.core.dataset;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.tracking.Dataset;
import dev.cairn.core.tracking.TrackingLimits;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A dataset version to register: the content's sha256, where the content came from and where
 * a copy of it is kept, its schema and its profile (JSON text, opaque to the store).
 */
public record NewDatasetVersion(
        String name,
        String digest,
        String sourceType,
        String source,
        String description,
        String artifactUri,
        long rowCount,
        List<DatasetColumn> columns,
        String profile) {
    /** Longest description. */
    public static final int MAX_DESCRIPTION_LENGTH = 5000;
    /** Longest profile. */
    public static final int MAX_PROFILE_LENGTH = 1_048_576;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public NewDatasetVersion {
        requireNonNull(description, "description is null");
        requireNonNull(artifactUri, "artifactUri is null");
        requireNonNull(profile, "profile is null");
        checkName(name);
        if (digest == null || !SHA256.matcher(digest).matches()) {
            throw CairnException.invalidParameter("A dataset digest is the sha256 of its content in 64 lower-case hex digits, not '"
                    + digest + "'");
        }
        if (sourceType == null || sourceType.isEmpty() || source == null || source.isEmpty()) {
            throw CairnException.invalidParameter("A dataset version needs a non-empty 'source_type' and 'source'");
        }
        TrackingLimits.checkLength("source_type", sourceType, Dataset.MAX_SOURCE_TYPE_LENGTH);
        TrackingLimits.checkLength("source", source, Dataset.MAX_SOURCE_LENGTH);
        TrackingLimits.checkLength("description", description, MAX_DESCRIPTION_LENGTH);
        TrackingLimits.checkLength("artifact_uri", artifactUri, 2000);
        TrackingLimits.checkLength("profile", profile, MAX_PROFILE_LENGTH);
        if (rowCount < 0) {
            throw CairnException.invalidParameter("row_count must be >= 0, not " + rowCount);
        }
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw CairnException.invalidParameter("A dataset version needs its schema: at least one column");
        }
        Set<String> seen = new HashSet<>();
        for (DatasetColumn column : columns) {
            if (!seen.add(column.name())) {
                throw CairnException.invalidParameter("The schema names column '" + column.name() + "' twice");
            }
        }
    }

    /** Checks a dataset name: letters, digits, '.', '_' and '-', starting with a letter or digit. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw CairnException.invalidParameter("A dataset name has letters, digits, '.', '_' and '-' and starts with a letter or digit, not '"
                    + name + "'");
        }
        TrackingLimits.checkLength("dataset name", name, Dataset.MAX_NAME_LENGTH);
    }
}
