package dev.cairn.monitor.integrity;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.SqlFrames;
import dev.cairn.monitor.table.ColumnKind;
import dev.cairn.monitor.table.TablePair;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks the current table's data against the reference's, column by column: columns missing
 * from the current table, changed kinds (numeric, text, temporal), a null share above the
 * reference's plus a tolerance, numeric values outside the reference's range, text values the
 * reference never held, and columns only the current table has. DuckDB does the counting: one
 * aggregate over each table for row and null counts, ranges and distinct counts, then one grouped
 * query per check that can be violated, which returns the offending count and the most frequent
 * offenders; Java holds only those few rows.
 *
 * <p>Ranges ignore NaN and infinities in the reference (as drift does) and in the current table
 * only NaN: an infinity is out of any finite range. Unseen values are looked for only in text
 * columns whose reference holds at most {@link #MAX_CATEGORIES} distinct values; above that a
 * column is an identifier or free text, where new values are expected. Range and unseen checks
 * need the column's kind unchanged; temporal columns get the presence, type and null checks.
 */
public final class TableIntegrity {
    /** Text columns with more distinct reference values than this are not checked for unseen values. */
    public static final long MAX_CATEGORIES = 1_000;

    /** What one pass over a table found for a column: non-null values, and in the reference the finite range or distinct values. */
    private record ColumnCounts(long nonNull, Double min, Double max, long distinct) {
    }

    /** A table's rows and its columns' counts. */
    private record TableCounts(long rows, List<ColumnCounts> columns) {
    }

    private TableIntegrity() {
    }

    /** The integrity of {@code current} against {@code reference}. */
    public static IntegrityReport check(TableFile reference, TableFile current, IntegrityOptions options) {
        try (TablePair tables = TablePair.open(reference, current)) {
            return check(tables, options);
        }
    }

    /** The integrity of the pair's current table against its reference, over the DuckDB the pair has open. */
    public static IntegrityReport check(TablePair tables, IntegrityOptions options) {
        Map<String, String> referenceTypes = tables.referenceTypes();
        Map<String, String> currentTypes = tables.currentTypes();
        List<String> columns = options.columns().isEmpty() ? List.copyOf(referenceTypes.keySet()) : options.columns().stream().distinct().toList();
        for (String column : columns) {
            if (!referenceTypes.containsKey(column)) {
                throw CairnException.invalidParameter("Column '" + column + "' is not in " + tables.reference().path().getFileName()
                        + "; it has " + referenceTypes.keySet());
            }
        }
        List<String> shared = columns.stream().filter(currentTypes::containsKey).toList();
        try {
            Statement statement = tables.statement();
            TableCounts reference = counts(statement, "reference", shared, referenceTypes);
            TableCounts current = counts(statement, "current", shared, Map.of());
            List<ColumnIntegrity> report = new ArrayList<>();
            for (String column : columns) {
                int index = shared.indexOf(column);
                report.add(index < 0 ? ColumnIntegrity.missing(column, referenceTypes.get(column))
                        : column(statement, column, referenceTypes.get(column), currentTypes.get(column), reference.rows(),
                                reference.columns().get(index), current.rows(), current.columns().get(index).nonNull(), options.nullTolerance()));
            }
            currentTypes.forEach((column, type) -> {
                if (!referenceTypes.containsKey(column)) {
                    report.add(ColumnIntegrity.added(column, type));
                }
            });
            return new IntegrityReport(report);
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot check " + tables.current().path().getFileName() + " against "
                    + tables.reference().path().getFileName() + ": " + SqlFrames.message(e));
        }
    }

    private static ColumnIntegrity column(Statement statement, String column, String referenceType, String currentType, long referenceRows,
            ColumnCounts reference, long currentRows, long currentNonNull, double nullTolerance) throws SQLException {
        String quoted = TablePair.quote(column);
        ColumnKind kind = ColumnKind.of(referenceType);
        boolean sameKind = kind == ColumnKind.of(currentType);
        IntegrityCheck type = sameKind ? IntegrityCheck.of(0, List.of()) : offenders(statement, quoted + " IS NOT NULL", quoted);
        double referenceNullShare = share(referenceRows - reference.nonNull(), referenceRows);
        double currentNullShare = share(currentRows - currentNonNull, currentRows);
        long currentNulls = currentRows - currentNonNull;
        IntegrityCheck nulls = new IntegrityCheck(true, currentNulls, currentNullShare > referenceNullShare + nullTolerance, List.of());
        IntegrityCheck outOfRange = IntegrityCheck.NOT_APPLICABLE;
        if (sameKind && kind == ColumnKind.NUMERIC && reference.min() != null) {
            String value = "CAST(" + quoted + " AS DOUBLE)";
            outOfRange = offenders(statement, "NOT isnan(" + value + ") AND (" + value + " < " + asDouble(reference.min()) + " OR " + value + " > "
                    + asDouble(reference.max()) + ")", quoted);
        }
        IntegrityCheck unseen = IntegrityCheck.NOT_APPLICABLE;
        if (sameKind && kind == ColumnKind.CATEGORICAL && reference.distinct() <= MAX_CATEGORIES) {
            String text = "CAST(" + quoted + " AS VARCHAR)";
            unseen = offenders(statement, quoted + " IS NOT NULL AND " + text + " NOT IN (SELECT " + text + " FROM reference WHERE " + quoted
                    + " IS NOT NULL)", quoted);
        }
        return new ColumnIntegrity(column, ColumnIntegrity.Presence.BOTH, referenceType, currentType, type, referenceNullShare,
                currentNullShare, nulls, outOfRange, unseen);
    }

    /**
     * One pass over a table: its rows, and per column the non-null count and, for columns whose
     * type is in {@code statistics}, the finite range of a numeric one or the distinct values of a text one.
     */
    private static TableCounts counts(Statement statement, String table, List<String> columns, Map<String, String> statistics)
            throws SQLException {
        StringBuilder select = new StringBuilder("SELECT count(*)");
        for (String column : columns) {
            String quoted = TablePair.quote(column);
            select.append(", count(").append(quoted).append(")");
            String type = statistics.get(column);
            ColumnKind kind = type == null ? null : ColumnKind.of(type);
            if (kind == ColumnKind.NUMERIC) {
                String value = "CAST(" + quoted + " AS DOUBLE)";
                String finite = " FILTER (WHERE isfinite(" + value + "))";
                select.append(", min(").append(value).append(")").append(finite).append(", max(").append(value).append(")").append(finite)
                        .append(", 0");
            } else if (kind == ColumnKind.CATEGORICAL) {
                select.append(", NULL, NULL, count(DISTINCT ").append(quoted).append(")");
            } else {
                select.append(", NULL, NULL, 0");
            }
        }
        List<ColumnCounts> counts = new ArrayList<>();
        try (ResultSet row = statement.executeQuery(select.append(" FROM ").append(table).toString())) {
            row.next();
            for (int i = 0; i < columns.size(); i++) {
                int at = 2 + 4 * i;
                counts.add(new ColumnCounts(row.getLong(at), row.getObject(at + 1) == null ? null : row.getDouble(at + 1),
                        row.getObject(at + 2) == null ? null : row.getDouble(at + 2), row.getLong(at + 3)));
            }
            return new TableCounts(row.getLong(1), counts);
        }
    }

    /** The current rows matching {@code condition}: their count and the most frequent values of {@code quoted}, as text. */
    private static IntegrityCheck offenders(Statement statement, String condition, String quoted) throws SQLException {
        long count = 0;
        List<String> examples = new ArrayList<>();
        // The window sums every group's count before LIMIT keeps the examples, so one query gives both.
        try (ResultSet rows = statement.executeQuery("SELECT CAST(" + quoted + " AS VARCHAR) AS v, count(*) AS n, sum(count(*)) OVER () "
                + "FROM current WHERE " + condition + " GROUP BY v ORDER BY n DESC, v LIMIT " + IntegrityCheck.MAX_EXAMPLES)) {
            while (rows.next()) {
                examples.add(rows.getString(1));
                count = rows.getLong(3);
            }
        }
        return IntegrityCheck.of(count, examples);
    }

    /** A double as a DuckDB expression; parsed from text so the bound is the very double the reference held. */
    private static String asDouble(double value) {
        return "CAST('" + value + "' AS DOUBLE)";
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
