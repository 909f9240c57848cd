package dev.cairn.monitor.integrity;

import dev.cairn.monitor.table.ColumnKind;

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

    /**
     * The reference's columns found in the current table with their kind unchanged, dates and
     * times left out: what drift can compare, while a missing or retyped column is reported here.
     */
    public List<String> intactColumns() {
        return columns.stream()
                .filter(column -> column.presence() == ColumnIntegrity.Presence.BOTH && !column.type().violated()
                        && ColumnKind.of(column.referenceType()) != ColumnKind.TEMPORAL)
                .map(ColumnIntegrity::column).toList();
    }
}
