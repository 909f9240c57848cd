package dev.cairn.monitor.drift;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.SqlFrames;
import dev.cairn.monitor.table.ColumnKind;
import dev.cairn.monitor.table.TablePair;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares two table files column by column. DuckDB reads both files and counts each column's
 * distinct values on each side (one grouped query per column; nulls and infinities dropped, as
 * Evidently drops them); the statistics run over those counts, numeric ones streamed in sorted
 * order through {@link NumericComparison}. Memory follows the number of distinct values of a
 * column, never the number of rows; Parquet is scanned in place, CSV and JSON are parsed once
 * into DuckDB temporary tables.
 *
 * <p>The test of a column is chosen as Evidently's default: with at most 1,000 reference values,
 * a numeric column with more than 5 distinct values (both tables together) gets {@code ks}, any
 * other column {@code chisquare}, or {@code z} when it has at most 2 values; with more reference
 * values, numeric columns with more than 5 distinct values get {@code wasserstein}, the rest
 * {@code jensenshannon}.
 */
public final class TableDrift {
    /** Reference sizes up to this get the p-value tests. */
    public static final long SMALL_REFERENCE = 1_000;
    /** Columns with at most this many distinct values are treated as categories. */
    public static final long FEW_VALUES = 5;
    /** Numeric columns whose reference has more distinct values than this are binned for Jensen-Shannon and PSI. */
    public static final long BINNED_ABOVE = 20;
    /** Evidently's number of equal-width bins over both tables' range. */
    public static final int BINS = 30;

    /** A column's value counts as DuckDB summed them up. */
    private record Summary(long distinct, long referenceDistinct, long referenceRows, long currentRows, double min, double max) {
    }

    private TableDrift() {
    }

    /** The drift of {@code current} from {@code reference}. */
    public static DriftReport compare(TableFile reference, TableFile current, DriftOptions options) {
        try (TablePair tables = TablePair.open(reference, current)) {
            return compare(tables, options);
        }
    }

    /** The drift of the pair's current table from its reference, over the DuckDB the pair has open. */
    public static DriftReport compare(TablePair tables, DriftOptions options) {
        Map<String, String> referenceTypes = tables.referenceTypes();
        Map<String, String> currentTypes = tables.currentTypes();
        List<String> columns = columns(options, referenceTypes, tables.reference());
        for (String column : columns) {
            if (!currentTypes.containsKey(column)) {
                throw CairnException.invalidParameter("Column '" + column + "' is not in " + tables.current().path().getFileName()
                        + "; it has " + currentTypes.keySet());
            }
        }
        for (String column : union(options.methods().keySet(), options.thresholds().keySet())) {
            if (!columns.contains(column)) {
                throw CairnException.invalidParameter("A method or threshold names column '" + column
                        + "', which is not among the compared columns " + columns);
            }
        }
        try {
            List<ColumnDrift> drifts = new ArrayList<>();
            for (String column : columns) {
                drifts.add(column(tables.statement(), column, referenceTypes.get(column), currentTypes.get(column), options));
            }
            return DriftReport.of(drifts, options.driftShare());
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot compare " + tables.reference().path().getFileName() + " with "
                    + tables.current().path().getFileName() + ": " + SqlFrames.message(e));
        }
    }

    /** The test {@code ks}, {@code chisquare}, ... Evidently chooses for a column, from what both tables hold. */
    public static DriftMethod defaultMethod(boolean numeric, long referenceRows, long distinctValues) {
        boolean manyValues = numeric && distinctValues > FEW_VALUES;
        if (referenceRows <= SMALL_REFERENCE) {
            return manyValues ? DriftMethod.KS : distinctValues > 2 ? DriftMethod.CHISQUARE : DriftMethod.Z;
        }
        return manyValues ? DriftMethod.WASSERSTEIN : DriftMethod.JENSENSHANNON;
    }

    private static List<String> columns(DriftOptions options, Map<String, String> referenceTypes, TableFile reference) {
        if (options.columns().isEmpty()) {
            // Evidently leaves date and time columns out of drift unless they are named.
            List<String> columns = referenceTypes.entrySet().stream().filter(type -> ColumnKind.of(type.getValue()) != ColumnKind.TEMPORAL)
                    .map(Map.Entry::getKey).toList();
            if (columns.isEmpty()) {
                throw CairnException.invalidParameter(reference.path().getFileName() + " has no numeric or text column to compare");
            }
            return columns;
        }
        for (String column : options.columns()) {
            if (!referenceTypes.containsKey(column)) {
                throw CairnException.invalidParameter("Column '" + column + "' is not in " + reference.path().getFileName()
                        + "; it has " + referenceTypes.keySet());
            }
        }
        return options.columns().stream().distinct().toList();
    }

    private static ColumnDrift column(Statement statement, String column, String referenceType, String currentType, DriftOptions options)
            throws SQLException {
        ColumnKind kind = ColumnKind.of(referenceType);
        if (kind == ColumnKind.TEMPORAL) {
            throw CairnException.invalidParameter("Column '" + column + "' is a " + referenceType
                    + " column; drift is computed for numeric and text columns");
        }
        if (kind == ColumnKind.NUMERIC && ColumnKind.of(currentType) != ColumnKind.NUMERIC) {
            throw CairnException.invalidParameter("Column '" + column + "' is numeric (" + referenceType + ") in the reference but "
                    + currentType + " in the current table");
        }
        boolean numeric = kind == ColumnKind.NUMERIC;
        Summary summary = count(statement, column, numeric);
        DriftMethod method = options.methods().getOrDefault(column, defaultMethod(numeric, summary.referenceRows(), summary.distinct()));
        double threshold = options.thresholds().getOrDefault(column, method.defaultThreshold());
        double statistic = switch (method) {
            case KS, WASSERSTEIN -> {
                if (!numeric) {
                    throw CairnException.invalidParameter("Column '" + column + "' is text; " + method.wireName() + " needs a numeric column");
                }
                NumericComparison comparison = stream(statement, summary, 0);
                yield method == DriftMethod.KS
                        ? DriftStatistics.ksPValue(comparison.ksStatistic(), summary.referenceRows(), summary.currentRows())
                        : comparison.normalizedWasserstein();
            }
            case CHISQUARE, Z -> {
                long[][] counts = perValue(statement);
                if (method == DriftMethod.Z && counts[0].length > 2) {
                    throw CairnException.invalidParameter("Column '" + column + "' has " + counts[0].length
                            + " values; the z-test compares a binary column");
                }
                yield method == DriftMethod.Z ? DriftStatistics.zTestPValue(counts[0], counts[1])
                        : DriftStatistics.chiSquarePValue(counts[0], counts[1]);
            }
            case JENSENSHANNON, PSI -> {
                long[][] counts;
                if (numeric && summary.referenceDistinct() > BINNED_ABOVE) {
                    NumericComparison binned = stream(statement, summary, BINS);
                    counts = new long[][] {binned.referenceBins(), binned.currentBins()};
                } else {
                    counts = perValue(statement);
                }
                yield method == DriftMethod.PSI ? DriftStatistics.psi(counts[0], counts[1]) : DriftStatistics.jensenShannon(counts[0], counts[1]);
            }
        };
        return new ColumnDrift(column, method, statistic, threshold, method.drifts(statistic, threshold));
    }

    /** Counts the column's values on each side into the temporary table {@code value_counts(v, r, c)} and sums it up. */
    private static Summary count(Statement statement, String column, boolean numeric) throws SQLException {
        String quoted = TablePair.quote(column);
        String value = "CAST(" + quoted + " AS " + (numeric ? "DOUBLE" : "VARCHAR") + ")";
        String kept = numeric ? "v IS NOT NULL AND isfinite(v)" : "v IS NOT NULL";
        statement.execute("CREATE OR REPLACE TEMP TABLE value_counts AS SELECT v, count(*) FILTER (WHERE side = 0) AS r, "
                + "count(*) FILTER (WHERE side = 1) AS c FROM (SELECT " + value + " AS v, 0 AS side FROM reference UNION ALL SELECT "
                + value + ", 1 FROM current) WHERE " + kept + " GROUP BY v");
        String range = numeric ? ", min(v), max(v)" : ", 0, 0";
        try (ResultSet row = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE r > 0), coalesce(sum(r), 0), "
                + "coalesce(sum(c), 0)" + range + " FROM value_counts")) {
            row.next();
            Summary summary = new Summary(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getDouble(5), row.getDouble(6));
            if (summary.referenceRows() == 0 || summary.currentRows() == 0) {
                throw CairnException.invalidParameter("Column '" + column + "' has no values in the "
                        + (summary.referenceRows() == 0 ? "reference" : "current") + " table");
            }
            return summary;
        }
    }

    private static NumericComparison stream(Statement statement, Summary summary, int bins) throws SQLException {
        NumericComparison comparison = new NumericComparison(summary.referenceRows(), summary.currentRows(), summary.min(), summary.max(), bins);
        try (ResultSet rows = statement.executeQuery("SELECT v, r, c FROM value_counts ORDER BY v")) {
            while (rows.next()) {
                comparison.add(rows.getDouble(1), rows.getLong(2), rows.getLong(3));
            }
        }
        return comparison;
    }

    /** Each value's counts, {reference, current}, in the values' order. */
    private static long[][] perValue(Statement statement) throws SQLException {
        long[] reference = new long[16];
        long[] current = new long[16];
        int size = 0;
        try (ResultSet rows = statement.executeQuery("SELECT r, c FROM value_counts ORDER BY v")) {
            while (rows.next()) {
                if (size == reference.length) {
                    reference = Arrays.copyOf(reference, size * 2);
                    current = Arrays.copyOf(current, size * 2);
                }
                reference[size] = rows.getLong(1);
                current[size++] = rows.getLong(2);
            }
        }
        return new long[][] {Arrays.copyOf(reference, size), Arrays.copyOf(current, size)};
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new LinkedHashSet<>(a);
        union.addAll(b);
        return union;
    }
}
