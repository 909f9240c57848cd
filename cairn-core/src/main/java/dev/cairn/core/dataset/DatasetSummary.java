package dev.cairn.core.dataset;

import static java.util.Objects.requireNonNull;

/** A registered dataset at a glance: its newest version and how many it has. */
public record DatasetSummary(String name, long creationTime, long lastUpdatedTime, int latestVersion, int versionCount,
                             String latestDigest, long latestRowCount) {
    public DatasetSummary {
        requireNonNull(name, "name is null");
        requireNonNull(latestDigest, "latestDigest is null");
    }
}
