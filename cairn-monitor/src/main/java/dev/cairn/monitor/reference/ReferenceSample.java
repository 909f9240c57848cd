package dev.cairn.monitor.reference;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.ParquetExport;
import dev.cairn.data.sql.SqlFrames;
import dev.cairn.monitor.integrity.TableIntegrity;
import dev.cairn.monitor.table.ColumnKind;
import dev.cairn.monitor.table.TablePair;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded sample of a reference table, written once as Parquet and read by every window that
 * is compared with it, so a window costs the same whether the training data had ten thousand rows
 * or a billion.
 *
 * <p>The sample is a seeded uniform choice of at most {@code maxRows} rows (the whole table when it is
 * smaller), to which rows are added so that the checks that look for extremes stay exact: for each
 * numeric column a row holding its minimum and one holding its maximum, and for each text column
 * with at most {@link TableIntegrity#MAX_CATEGORIES} values one row per value the sample missed.
 * Those few rows tilt distributions by a fraction of a percent; without them, a rare category or
 * the largest distance would be reported as unseen or out of range. Each row gets the column
 * {@value #ROW_COLUMN}, its number, by which predictions of the sample are joined back to it.
 */
public final class ReferenceSample {
    /** The column numbering the sample's rows. */
    public static final String ROW_COLUMN = "cairn_row";
    /** The prefix of the columns holding a model's outputs for each row. */
    public static final String OUTPUT_PREFIX = "output.";
    /** The seed of the rows' hashes, so the same data gives the same sample. */
    private static final int SEED = 42;

    /** What a written sample holds: its rows, and how many the table had. */
    public record Written(long rows, long sourceRows) {
    }

    private ReferenceSample() {
    }

    /** Writes the sample of {@code source} to the Parquet file {@code output}, whole or not at all. */
    public static Written write(TableFile source, Path output, int maxRows) {
        if (maxRows < 1) {
            throw CairnException.invalidParameter("A reference sample keeps at least 1 row; got " + maxRows);
        }
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE TEMP TABLE source AS SELECT * FROM " + source.readFunction());
            long sourceRows = count(statement, "source");
            if (sourceRows == 0) {
                throw CairnException.invalidParameter(source.path().getFileName() + " has no rows to compare with");
            }
            Map<String, String> types = types(statement, "source");
            // A table's rowid numbers its rows without copying them, as a window's row_number() would.
            String numbered = "SELECT rowid AS " + ROW_COLUMN + ", * FROM source";
            // The rows whose seeded hashes are smallest: uniform, and the same on every run whatever the threads (DuckDB's
            // REPEATABLE reservoir is repeatable only on one thread). Chosen by row id first, so the top-N sorts one column.
            statement.execute("CREATE TEMP TABLE sample AS " + numbered + " WHERE rowid IN (SELECT rowid FROM source ORDER BY hash(rowid + "
                    + SEED + "), rowid LIMIT " + maxRows + ")");
            for (Map.Entry<String, String> column : types.entrySet()) {
                String quoted = TablePair.quote(column.getKey());
                ColumnKind kind = ColumnKind.of(column.getValue());
                String missing = " AND rowid NOT IN (SELECT " + ROW_COLUMN + " FROM sample)";
                if (kind == ColumnKind.NUMERIC) {
                    String finite = "isfinite(CAST(" + quoted + " AS DOUBLE))";
                    // The first row holding each extreme, so ties pick the same row on every run.
                    statement.execute("INSERT INTO sample " + numbered + " WHERE rowid IN (SELECT unnest([min(rowid) FILTER (WHERE " + quoted
                            + " = lo), min(rowid) FILTER (WHERE " + quoted + " = hi)]) FROM source, (SELECT min(" + quoted + ") AS lo, max("
                            + quoted + ") AS hi FROM source WHERE " + finite + "))" + missing);
                } else if (kind == ColumnKind.CATEGORICAL && distinct(statement, quoted) <= TableIntegrity.MAX_CATEGORIES) {
                    statement.execute("INSERT INTO sample " + numbered + " WHERE rowid IN (SELECT min(rowid) FROM source WHERE " + quoted
                            + " IS NOT NULL AND " + quoted + " NOT IN (SELECT " + quoted + " FROM sample WHERE " + quoted + " IS NOT NULL) GROUP BY "
                            + quoted + ")" + missing);
                }
            }
            long rows = count(statement, "sample");
            ParquetExport.write(statement, "SELECT * FROM sample ORDER BY " + ROW_COLUMN, output);
            return new Written(rows, sourceRows);
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot sample " + source.path().getFileName() + ": " + SqlFrames.message(e));
        }
    }

    /**
     * Writes the sample's {@value #ROW_COLUMN} and the named columns, in that order: what a model
     * whose signature holds those inputs scores, refusing any other column.
     */
    public static void select(TableFile sample, List<String> columns, Path output) {
        StringBuilder select = new StringBuilder("SELECT " + ROW_COLUMN);
        columns.forEach(column -> select.append(", ").append(TablePair.quote(column)));
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE TEMP VIEW sample AS SELECT * FROM " + sample.readFunction());
            Map<String, String> types = types(statement, "sample");
            List<String> missing = columns.stream().filter(column -> !types.containsKey(column)).toList();
            if (!missing.isEmpty()) {
                throw CairnException.invalidParameter("The reference data lacks the model's inputs " + missing
                        + "; compare with the dataset the model was trained on, or one with the same columns");
            }
            ParquetExport.write(statement, select.append(" FROM sample").toString(), output);
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot read the reference sample: " + SqlFrames.message(e));
        }
    }

    /**
     * Writes {@code sample} with the model's outputs for each row (a table of {@value #ROW_COLUMN}
     * and the output columns, as batch scoring writes it) as columns prefixed {@value #OUTPUT_PREFIX}.
     */
    public static void attachOutputs(TableFile sample, TableFile outputs, Path output) {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE TEMP TABLE outputs AS SELECT * FROM " + outputs.readFunction());
            StringBuilder renamed = new StringBuilder();
            for (String column : types(statement, "outputs").keySet()) {
                if (!column.equals(ROW_COLUMN)) {
                    renamed.append(", o.").append(TablePair.quote(column)).append(" AS ").append(TablePair.quote(OUTPUT_PREFIX + column));
                }
            }
            ParquetExport.write(statement, "SELECT s.*" + renamed + " FROM " + sample.readFunction() + " s JOIN outputs o USING ("
                    + ROW_COLUMN + ") ORDER BY " + ROW_COLUMN, output);
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot attach the model's outputs to the reference sample: " + SqlFrames.message(e));
        }
    }

    private static long count(Statement statement, String table) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static long distinct(Statement statement, String quoted) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT count(DISTINCT " + quoted + ") FROM source")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static Map<String, String> types(Statement statement, String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (ResultSet rows = statement.executeQuery("DESCRIBE " + table)) {
            while (rows.next()) {
                types.put(rows.getString("column_name"), rows.getString("column_type"));
            }
        }
        return types;
    }
}
