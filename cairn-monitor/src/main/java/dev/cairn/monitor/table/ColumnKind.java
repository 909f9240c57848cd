package dev.cairn.monitor.table;

import java.util.Set;

/** What a DuckDB column type holds, as far as drift and integrity care: numbers, dates and times, or anything else as categories. */
public enum ColumnKind {
    NUMERIC, CATEGORICAL, TEMPORAL;

    private static final Set<String> NUMERIC_TYPES = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
            "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE");

    /** The kind of a type as DuckDB's {@code DESCRIBE} names it; text, booleans and anything unknown are categories. */
    public static ColumnKind of(String duckdbType) {
        if (NUMERIC_TYPES.contains(duckdbType) || duckdbType.startsWith("DECIMAL")) {
            return NUMERIC;
        }
        if (duckdbType.startsWith("DATE") || duckdbType.startsWith("TIME") || duckdbType.startsWith("INTERVAL")) {
            return TEMPORAL;
        }
        return CATEGORICAL;
    }
}
