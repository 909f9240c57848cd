package dev.cairn.data.sql;

import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the rows of a SQL query as frames. Integer and boolean columns become
 * {@link ColumnType#LONG}, floating and decimal columns {@link ColumnType#DOUBLE}, everything
 * else (text, dates, timestamps) {@link ColumnType#STRING}.
 */
public final class SqlFrames {
    private SqlFrames() {
    }

    /**
     * DuckDB's error in a sentence: its JDBC driver wraps the real error ({@code Binder Error:
     * Referenced column "y" not found ...}) under a generic first line, and adds a caret diagram.
     */
    public static String message(SQLException e) {
        String text = e.getMessage() == null ? e.toString() : e.getMessage();
        StringBuilder message = new StringBuilder();
        for (String line : text.lines().toList()) {
            if (line.startsWith("Invalid Input Error: Attempting to execute an unsuccessful")) {
                continue;
            }
            if (line.startsWith("LINE ")) {
                break;
            }
            if (!line.isBlank()) {
                message.append(message.length() == 0 ? "" : " ").append(line.startsWith("Error: ") ? line.substring(7) : line.strip());
            }
        }
        return message.length() == 0 ? text : message.toString();
    }

    /** All rows of a query as one frame. */
    public static Frame read(Connection connection, String sql) throws SQLException {
        List<Frame> frames = new ArrayList<>(1);
        scan(connection, sql, Integer.MAX_VALUE, frames::add);
        return frames.isEmpty() ? new Frame(List.of()) : frames.get(0);
    }

    /**
     * The rows of a query in frames of at most {@code batchRows} rows, in result order. A query
     * with no rows gives one empty frame with the columns, so callers still see the schema.
     */
    public static void scan(Connection connection, String sql, int batchRows, Consumer<Frame> consumer) throws SQLException {
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive");
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            int width = meta.getColumnCount();
            ColumnType[] types = new ColumnType[width];
            String[] names = new String[width];
            boolean[] booleans = new boolean[width];
            for (int c = 0; c < width; c++) {
                int sqlType = meta.getColumnType(c + 1);
                types[c] = columnType(sqlType);
                names[c] = meta.getColumnLabel(c + 1);
                booleans[c] = sqlType == Types.BOOLEAN || sqlType == Types.BIT;
            }
            Batch batch = new Batch(names, types, booleans, batchRows == Integer.MAX_VALUE ? 1024 : batchRows);
            boolean sent = false;
            while (rows.next()) {
                batch.add(rows);
                if (batch.size == batchRows) {
                    consumer.accept(batch.toFrame());
                    sent = true;
                    batch = new Batch(names, types, booleans, batchRows);
                }
            }
            if (batch.size > 0 || !sent) {
                consumer.accept(batch.toFrame());
            }
        }
    }

    /** The column type a JDBC type is read as. */
    public static ColumnType columnType(int sqlType) {
        switch (sqlType) {
            case Types.BIGINT:
            case Types.INTEGER:
            case Types.SMALLINT:
            case Types.TINYINT:
            case Types.BOOLEAN:
            case Types.BIT:
                return ColumnType.LONG;
            case Types.DOUBLE:
            case Types.FLOAT:
            case Types.REAL:
            case Types.DECIMAL:
            case Types.NUMERIC:
                return ColumnType.DOUBLE;
            default:
                return ColumnType.STRING;
        }
    }

    /** Rows gathered column by column until they make a frame. */
    private static final class Batch {
        private final String[] names;
        private final ColumnType[] types;
        private final boolean[] booleans;
        private final double[][] numbers;
        private final boolean[][] nulls;
        private final String[][] texts;
        private int size;

        Batch(String[] names, ColumnType[] types, boolean[] booleans, int capacity) {
            this.names = names;
            this.types = types;
            this.booleans = booleans;
            numbers = new double[names.length][];
            nulls = new boolean[names.length][];
            texts = new String[names.length][];
            grow(Math.max(16, Math.min(capacity, 65_536)));
        }

        void add(ResultSet row) throws SQLException {
            if (size == nulls[0].length) {
                grow(size * 2);
            }
            for (int c = 0; c < names.length; c++) {
                if (types[c] == ColumnType.STRING) {
                    texts[c][size] = row.getString(c + 1);
                } else {
                    // Booleans are numbers (1 and 0) to a model; DuckDB's driver reads them only as booleans.
                    double value = booleans[c] ? (row.getBoolean(c + 1) ? 1 : 0)
                            : types[c] == ColumnType.LONG ? row.getLong(c + 1) : row.getDouble(c + 1);
                    nulls[c][size] = row.wasNull();
                    numbers[c][size] = value;
                }
            }
            size++;
        }

        private void grow(int capacity) {
            for (int c = 0; c < names.length; c++) {
                if (types[c] == ColumnType.STRING) {
                    texts[c] = texts[c] == null ? new String[capacity] : Arrays.copyOf(texts[c], capacity);
                } else {
                    numbers[c] = numbers[c] == null ? new double[capacity] : Arrays.copyOf(numbers[c], capacity);
                }
                nulls[c] = nulls[c] == null ? new boolean[capacity] : Arrays.copyOf(nulls[c], capacity);
            }
        }

        Frame toFrame() {
            List<Column> columns = new ArrayList<>(names.length);
            for (int c = 0; c < names.length; c++) {
                columns.add(types[c] == ColumnType.STRING
                        ? new Column.Strings(names[c], Arrays.copyOf(texts[c], size))
                        : new Column.Numbers(names[c], types[c], Arrays.copyOf(numbers[c], size), Arrays.copyOf(nulls[c], size)));
            }
            return new Frame(columns);
        }
    }
}
