package dev.cairn.monitor.drift;

import dev.cairn.core.error.CairnException;
import dev.cairn.monitor.table.ColumnKind;
import dev.cairn.monitor.table.TablePair;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A column's values on both sides in the same bins, for reports to draw: a numeric column in
 * {@link #NUMERIC_BINS} equal-width bins over both tables' range, any other column as its
 * {@link #TOP_CATEGORIES} most frequent values (both tables together) and the rest as
 * {@code (other)}. Nulls, NaN and infinities are left out, as drift leaves them out.
 *
 * @param column the column
 * @param labels each bin's label: its lower edge, or the category
 * @param reference the reference's count in each bin
 * @param current the current table's count in each bin
 */
public record ColumnHistogram(String column, List<String> labels, List<Long> reference, List<Long> current) {
    /** Bins of a numeric column. */
    public static final int NUMERIC_BINS = 20;
    /** Categories shown by name. */
    public static final int TOP_CATEGORIES = 10;

    public ColumnHistogram {
        requireNonNull(column, "column is null");
        labels = List.copyOf(labels);
        reference = List.copyOf(reference);
        current = List.copyOf(current);
        if (reference.size() != labels.size() || current.size() != labels.size()) {
            throw new IllegalArgumentException("one count per label on each side");
        }
    }

    /** The histogram of {@code column} in both tables; one DuckDB query. */
    public static ColumnHistogram of(TablePair tables, String column) {
        String type = tables.referenceTypes().get(column);
        if (type == null || !tables.currentTypes().containsKey(column)) {
            throw CairnException.invalidParameter("Column '" + column + "' is not in both tables");
        }
        boolean numeric = ColumnKind.of(type) == ColumnKind.NUMERIC && ColumnKind.of(tables.currentTypes().get(column)) == ColumnKind.NUMERIC;
        String quoted = TablePair.quote(column);
        String values = "SELECT CAST(" + quoted + " AS " + (numeric ? "DOUBLE" : "VARCHAR") + ") AS v, 0 AS side FROM reference UNION ALL "
                + "SELECT CAST(" + quoted + " AS " + (numeric ? "DOUBLE" : "VARCHAR") + "), 1 FROM current";
        String query = numeric
                ? "WITH x AS (SELECT * FROM (" + values + ") WHERE v IS NOT NULL AND isfinite(v)), edges AS (SELECT min(v) AS lo, max(v) AS hi "
                + "FROM x) SELECT CASE WHEN hi = lo THEN 0 ELSE least(CAST(floor((v - lo) / (hi - lo) * " + NUMERIC_BINS + ") AS INTEGER), "
                + (NUMERIC_BINS - 1) + ") END AS bin, any_value(lo), any_value(hi), count(*) FILTER (WHERE side = 0), "
                + "count(*) FILTER (WHERE side = 1) FROM x, edges GROUP BY bin ORDER BY bin"
                : "WITH counted AS (SELECT v, count(*) FILTER (WHERE side = 0) AS r, count(*) FILTER (WHERE side = 1) AS c FROM (" + values
                + ") WHERE v IS NOT NULL GROUP BY v), ranked AS (SELECT v, r, c, row_number() OVER (ORDER BY r + c DESC, v) AS n FROM counted) "
                + "SELECT CASE WHEN n <= " + TOP_CATEGORIES + " THEN v END AS label, min(n) AS first, sum(r), sum(c) FROM ranked "
                + "GROUP BY label ORDER BY first";
        List<String> labels = new ArrayList<>();
        List<Long> reference = new ArrayList<>();
        List<Long> current = new ArrayList<>();
        Statement statement = tables.statement();
        try (ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                if (numeric) {
                    double low = rows.getDouble(2);
                    double high = rows.getDouble(3);
                    // Empty bins are drawn too: the shape of a distribution includes its gaps.
                    for (int bin = labels.size(); bin <= rows.getInt(1); bin++) {
                        labels.add(new BigDecimal(low + (high - low) * bin / NUMERIC_BINS).round(new MathContext(4)).stripTrailingZeros()
                                .toPlainString());
                        reference.add(0L);
                        current.add(0L);
                    }
                    reference.set(labels.size() - 1, rows.getLong(4));
                    current.set(labels.size() - 1, rows.getLong(5));
                } else {
                    labels.add(rows.getString(1) == null ? "(other)" : rows.getString(1));
                    reference.add(rows.getLong(3));
                    current.add(rows.getLong(4));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the values of column '" + column + "'", e);
        }
        return new ColumnHistogram(column, labels, reference, current);
    }
}
