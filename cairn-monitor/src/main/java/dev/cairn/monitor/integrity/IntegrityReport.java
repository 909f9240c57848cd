package dev.cairn.monitor.integrity;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** The integrity of the reference's columns in the current table, then the current table's new columns. */
public record IntegrityReport(List<ColumnIntegrity> columns) {
    public IntegrityReport {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }

    /** The violations over all columns: missing columns and violated checks. */
    public long violations() {
        return columns.stream().mapToLong(ColumnIntegrity::violations).sum();
    }
}
