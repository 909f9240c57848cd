package dev.cairn.core.dataset;

import dev.cairn.core.error.CairnException;

import static java.util.Objects.requireNonNull;

/** One column of a dataset version's schema: its name, SQL type and whether it holds nulls. */
public record DatasetColumn(String name, String type, boolean nullable) {
    public DatasetColumn {
        requireNonNull(type, "type is null");
        if (name == null || name.isEmpty()) {
            throw CairnException.invalidParameter("A dataset column needs a non-empty name");
        }
    }
}
