package dev.cairn.core.dataset;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.tracking.TrackingLimits;

import static java.util.Objects.requireNonNull;

/**
 * One part of a dataset version's split ({@code train}, {@code test}, {@code monitor}...): how
 * its rows were chosen, in words a person can repeat, and how many there are.
 */
public record DatasetPart(String name, String definition, long rowCount) {
    /** Longest part name. */
    public static final int MAX_NAME_LENGTH = 64;
    /** Longest definition. */
    public static final int MAX_DEFINITION_LENGTH = 2000;

    public DatasetPart {
        requireNonNull(definition, "definition is null");
        if (name == null || name.isEmpty()) {
            throw CairnException.invalidParameter("A split part needs a non-empty name");
        }
        TrackingLimits.checkLength("split part name", name, MAX_NAME_LENGTH);
        TrackingLimits.checkLength("split part definition", definition, MAX_DEFINITION_LENGTH);
        if (rowCount < 0) {
            throw CairnException.invalidParameter("Split part '" + name + "' has a negative row count " + rowCount);
        }
    }
}
