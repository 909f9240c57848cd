package dev.cairn.data.split;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.ParquetExport;
import dev.cairn.data.sql.SqlFrames;
import dev.cairn.model.frame.Frame;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset file cut by a {@link SplitRule}. Time parts are filtered by DuckDB, so only the
 * parts read are held in memory (a monitor part of months is counted, not loaded). Ratio parts
 * place row {@code i} by a 64-bit mix of {@code i} and the seed, so the same file and seed always
 * give the same parts, whatever else changes.
 */
public final class DatasetSplit {
    private final TableFile file;
    private final SplitRule rule;

    /** A split of a file; nothing is read until asked. */
    public DatasetSplit(TableFile file, SplitRule rule) {
        this.file = file;
        this.rule = rule;
    }

    /** The rule. */
    public SplitRule rule() {
        return rule;
    }

    /** The number of rows in each part, by part name. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (rule instanceof SplitRule.ByTime byTime) {
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                 Statement statement = connection.createStatement()) {
                for (String part : byTime.parts()) {
                    try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + file.readFunction() + " WHERE " + where(byTime, part))) {
                        rows.next();
                        counts.put(part, rows.getLong(1));
                    }
                }
            } catch (SQLException e) {
                throw failed(e);
            }
            return counts;
        }
        Map<String, int[]> rows = ratioRows((SplitRule.ByRatio) rule, rowCount());
        rows.forEach((part, indexes) -> counts.put(part, (long) indexes.length));
        return counts;
    }

    /** The rows of one part, in file order. */
    public Frame read(String part) {
        if (!rule.parts().contains(part)) {
            throw CairnException.invalidParameter("The split has no part '" + part + "'; its parts are " + rule.parts());
        }
        if (rule instanceof SplitRule.ByTime byTime) {
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
                return SqlFrames.read(connection, "SELECT * FROM " + file.readFunction() + " WHERE " + where(byTime, part));
            } catch (SQLException e) {
                throw failed(e);
            }
        }
        Frame all = file.read();
        return all.rows(ratioRows((SplitRule.ByRatio) rule, all.rowCount()).get(part));
    }

    /** Writes one part to a Parquet file, its rows in file order, as {@link #read(String)} gives them. */
    public TableFile writeParquet(String part, Path output) {
        if (!rule.parts().contains(part)) {
            throw CairnException.invalidParameter("The split has no part '" + part + "'; its parts are " + rule.parts());
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            if (rule instanceof SplitRule.ByTime byTime) {
                return ParquetExport.write(statement, "SELECT * FROM " + file.readFunction() + " WHERE " + where(byTime, part), output);
            }
            int[] rows = ratioRows((SplitRule.ByRatio) rule, rowCount()).get(part);
            // Ratio parts are chosen by row position: one thread keeps DuckDB's row numbers in file order.
            statement.execute("SET threads = 1");
            statement.execute("CREATE TABLE part_rows (cairn_row BIGINT)");
            try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class).createAppender("part_rows")) {
                for (int row : rows) {
                    appender.beginRow().append((long) row).endRow();
                }
            }
            return ParquetExport.write(statement, "SELECT * EXCLUDE (cairn_row) FROM (SELECT *, row_number() OVER () - 1 AS cairn_row FROM "
                    + file.readFunction() + ") JOIN part_rows USING (cairn_row) ORDER BY cairn_row", output);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private long rowCount() {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + file.readFunction())) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static String where(SplitRule.ByTime rule, String part) {
        SplitRule.TimeRange range = rule.ranges().get(part);
        String column = "\"" + rule.column().replace("\"", "\"\"") + "\"";
        return column + " >= " + literal(range.from()) + " AND " + column + " < " + literal(range.to());
    }

    private static String literal(String time) {
        return "TIMESTAMP '" + time.replace("'", "''") + "'";
    }

    /** The row indexes of each ratio part. */
    static Map<String, int[]> ratioRows(SplitRule.ByRatio rule, long rowCount) {
        List<String> parts = new ArrayList<>(rule.parts());
        double[] upper = new double[parts.size()];
        double cumulative = 0;
        for (int p = 0; p < parts.size(); p++) {
            cumulative += rule.ratios().get(parts.get(p));
            upper[p] = cumulative;
        }
        upper[parts.size() - 1] = 1.0;
        List<List<Integer>> members = new ArrayList<>();
        parts.forEach(p -> members.add(new ArrayList<>()));
        for (int row = 0; row < rowCount; row++) {
            double u = (mix(row ^ (rule.seed() * 0x9E3779B97F4A7C15L)) >>> 11) * 0x1.0p-53;
            int p = 0;
            while (u >= upper[p]) {
                p++;
            }
            members.get(p).add(row);
        }
        Map<String, int[]> rows = new LinkedHashMap<>();
        for (int p = 0; p < parts.size(); p++) {
            rows.put(parts.get(p), members.get(p).stream().mapToInt(Integer::intValue).toArray());
        }
        return rows;
    }

    /** Stafford's variant 13 of the SplitMix64 finalizer: a well-mixed 64-bit hash of a long. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private CairnException failed(SQLException e) {
        String message = SqlFrames.message(e);
        return CairnException.invalidParameter("Cannot split " + file.path().getFileName() + ": " + message);
    }
}
