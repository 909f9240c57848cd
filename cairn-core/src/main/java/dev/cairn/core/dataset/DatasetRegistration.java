package dev.cairn.core.dataset;

import static java.util.Objects.requireNonNull;

/** The answer to a registration: the version, and whether this call created it or found the same content registered. */
public record DatasetRegistration(DatasetVersion version, boolean created) {
    public DatasetRegistration {
        requireNonNull(version, "version is null");
    }
}
