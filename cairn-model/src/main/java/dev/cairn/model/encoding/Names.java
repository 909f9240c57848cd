package dev.cairn.model.encoding;

import dev.cairn.core.error.CairnException;

/** Checks shared by the transforms' constructors. */
final class Names {
    private Names() {
    }

    static void requireColumn(String column) {
        if (column == null || column.isBlank()) {
            throw CairnException.invalidParameter("A feature transform needs a 'column'");
        }
    }
}
