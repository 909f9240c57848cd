package dev.cairn.model.frame;

import dev.cairn.core.error.CairnException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small columnar batch of rows: what a model takes and returns, shared by serving, batch
 * scoring and validation. Columns have unique names and equal lengths.
 */
public record Frame(List<Column> columns) {
    public Frame {
        columns = List.copyOf(columns);
        Map<String, Column> byName = new LinkedHashMap<>();
        for (Column column : columns) {
            if (byName.put(column.name(), column) != null) {
                throw CairnException.invalidParameter("Column `" + column.name() + "` appears twice");
            }
            if (column.size() != columns.get(0).size()) {
                throw CairnException.invalidParameter("Column `" + column.name() + "` has " + column.size()
                        + " rows; column `" + columns.get(0).name() + "` has " + columns.get(0).size());
            }
        }
    }

    /** The number of rows. */
    public int rowCount() {
        return columns.isEmpty() ? 0 : columns.get(0).size();
    }

    /** The column with a name, if there is one. */
    public Optional<Column> column(String name) {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst();
    }
}
