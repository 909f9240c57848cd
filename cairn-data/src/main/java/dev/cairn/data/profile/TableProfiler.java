package dev.cairn.data.profile;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Profiles a table with DuckDB: one scan computes every column's counts, moments, quantiles
 * (DuckDB's approximate t-digest), ranges and cardinalities; then one grouped query per numeric
 * column bins its histogram and one per text column finds its most frequent values.
 */
public final class TableProfiler {
    /** Histogram bins per numeric column. */
    public static final int BINS = 20;
    /** Most frequent values kept per text column. */
    public static final int TOP_VALUES = 10;
    private static final double[] QUANTILES = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
    private static final String[] QUANTILE_KEYS = {"p01", "p05", "p25", "p50", "p75", "p95", "p99"};

    private enum Kind { NUMERIC, CATEGORICAL, TEMPORAL }

    private record Described(String name, String type, Kind kind) {
        String quoted() {
            return "\"" + name.replace("\"", "\"\"") + "\"";
        }
    }

    private TableProfiler() {
    }

    /** Profiles a file: Parquet is scanned in place, CSV and JSON are parsed once into a temporary table. */
    public static TableProfile profile(TableFile file) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            boolean parquet = file.readFunction().startsWith("read_parquet");
            statement.execute((parquet ? "CREATE VIEW src AS SELECT * FROM " : "CREATE TEMP TABLE src AS SELECT * FROM ") + file.readFunction());
            return profile(statement);
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot profile " + file.path().getFileName() + ": " + e.getMessage());
        }
    }

    /** Profiles the relation {@code src} visible to a DuckDB statement. */
    static TableProfile profile(Statement statement) throws SQLException {
        List<Described> columns = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("DESCRIBE src")) {
            while (rows.next()) {
                String type = rows.getString("column_type");
                columns.add(new Described(rows.getString("column_name"), type, kind(type)));
            }
        }
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        for (Described column : columns) {
            String c = column.quoted();
            sql.append(", count(").append(c).append(")");
            switch (column.kind()) {
                case NUMERIC -> sql.append(", min(").append(c).append(")::DOUBLE, max(").append(c).append(")::DOUBLE, avg(").append(c)
                        .append(")::DOUBLE, stddev_samp(").append(c).append(")::DOUBLE, approx_quantile(").append(c).append("::DOUBLE, ")
                        .append(quantileList()).append(")");
                case CATEGORICAL -> sql.append(", approx_count_distinct(").append(c).append(")");
                case TEMPORAL -> sql.append(", min(").append(c).append(")::VARCHAR, max(").append(c).append(")::VARCHAR");
            }
        }
        List<ColumnProfile> profiles = new ArrayList<>();
        long rowCount;
        try (ResultSet row = statement.executeQuery(sql.append(" FROM src").toString())) {
            row.next();
            rowCount = row.getLong(1);
            int index = 2;
            for (Described column : columns) {
                long count = row.getLong(index++);
                long nulls = rowCount - count;
                switch (column.kind()) {
                    case NUMERIC -> {
                        double min = row.getDouble(index++);
                        double max = row.getDouble(index++);
                        double mean = row.getDouble(index++);
                        double std = row.getDouble(index++);
                        Map<String, Double> quantiles = quantiles(row.getArray(index++));
                        profiles.add(new ColumnProfile.Numeric(column.name(), column.type(), count, nulls, min, max, mean,
                                Double.isNaN(std) ? 0 : std, quantiles, List.of()));
                    }
                    case CATEGORICAL -> profiles.add(new ColumnProfile.Categorical(column.name(), column.type(), count, nulls,
                            row.getLong(index++), List.of()));
                    default -> profiles.add(new ColumnProfile.Temporal(column.name(), column.type(), count, nulls,
                            row.getString(index++), row.getString(index++)));
                }
            }
        }
        List<ColumnProfile> completed = new ArrayList<>(profiles.size());
        for (int i = 0; i < columns.size(); i++) {
            ColumnProfile profile = profiles.get(i);
            if (profile instanceof ColumnProfile.Numeric numeric && numeric.count() > 0) {
                profile = new ColumnProfile.Numeric(numeric.name(), numeric.type(), numeric.count(), numeric.nulls(), numeric.min(),
                        numeric.max(), numeric.mean(), numeric.std(), numeric.quantiles(), histogram(statement, columns.get(i), numeric));
            } else if (profile instanceof ColumnProfile.Categorical categorical && categorical.count() > 0) {
                profile = new ColumnProfile.Categorical(categorical.name(), categorical.type(), categorical.count(), categorical.nulls(),
                        categorical.cardinality(), topValues(statement, columns.get(i)));
            }
            completed.add(profile);
        }
        return new TableProfile(rowCount, completed);
    }

    private static List<ColumnProfile.Bin> histogram(Statement statement, Described column, ColumnProfile.Numeric numeric)
            throws SQLException {
        double min = numeric.min();
        double width = (numeric.max() - min) / BINS;
        if (width == 0 || Double.isNaN(width) || Double.isInfinite(width)) {
            return List.of(new ColumnProfile.Bin(min, numeric.max(), numeric.count()));
        }
        long[] counts = new long[BINS];
        String c = column.quoted();
        try (ResultSet rows = statement.executeQuery("SELECT least(CAST(floor((" + c + "::DOUBLE - " + min + ") / " + width
                + ") AS BIGINT), " + (BINS - 1) + ") AS bin, count(*) FROM src WHERE " + c + " IS NOT NULL GROUP BY bin")) {
            while (rows.next()) {
                counts[(int) Math.max(0, rows.getLong(1))] += rows.getLong(2);
            }
        }
        List<ColumnProfile.Bin> bins = new ArrayList<>(BINS);
        for (int b = 0; b < BINS; b++) {
            bins.add(new ColumnProfile.Bin(min + b * width, b == BINS - 1 ? numeric.max() : min + (b + 1) * width, counts[b]));
        }
        return bins;
    }

    private static List<ColumnProfile.ValueCount> topValues(Statement statement, Described column) throws SQLException {
        String c = column.quoted();
        List<ColumnProfile.ValueCount> top = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT " + c + "::VARCHAR AS v, count(*) AS n FROM src WHERE " + c
                + " IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT " + TOP_VALUES)) {
            while (rows.next()) {
                top.add(new ColumnProfile.ValueCount(rows.getString(1), rows.getLong(2)));
            }
        }
        return top;
    }

    private static Map<String, Double> quantiles(Array array) throws SQLException {
        Map<String, Double> quantiles = new LinkedHashMap<>();
        if (array == null) {
            return quantiles;
        }
        Object[] values = (Object[]) array.getArray();
        for (int q = 0; q < values.length && q < QUANTILE_KEYS.length; q++) {
            if (values[q] != null) {
                quantiles.put(QUANTILE_KEYS[q], ((Number) values[q]).doubleValue());
            }
        }
        return quantiles;
    }

    private static String quantileList() {
        StringBuilder list = new StringBuilder("[");
        for (int q = 0; q < QUANTILES.length; q++) {
            list.append(q > 0 ? ", " : "").append(QUANTILES[q]);
        }
        return list.append("]").toString();
    }

    private static Kind kind(String duckDbType) {
        String type = duckDbType.toUpperCase(Locale.ROOT);
        if (type.startsWith("DATE") || type.startsWith("TIMESTAMP") || type.startsWith("TIME")) {
            return Kind.TEMPORAL;
        }
        if (type.matches("(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)")) {
            return Kind.NUMERIC;
        }
        return Kind.CATEGORICAL;
    }
}
