package dev.cairn.data.file;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * A CSV, Parquet or JSON file read through DuckDB, which infers column types and reads Parquet
 * natively. Rows come out as frames of a bounded size, so a file larger than memory can be scored.
 * Integer and boolean columns become {@link ColumnType#LONG}, floating and decimal columns
 * {@link ColumnType#DOUBLE}, everything else (text, dates, timestamps) {@link ColumnType#STRING}.
 */
public record TableFile(Path path) {
    public TableFile {
        requireNonNull(path, "path is null");
        if (!Files.isRegularFile(path)) {
            throw CairnException.invalidParameter("File " + path + " does not exist");
        }
    }

    /** The DuckDB table function that reads the file, chosen by its extension. */
    public String readFunction() {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String literal = "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
        if (name.endsWith(".parquet")) {
            return "read_parquet(" + literal + ")";
        }
        if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json.gz")) {
            return "read_json_auto(" + literal + ")";
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".csv.gz") || name.endsWith(".txt")) {
            return "read_csv_auto(" + literal + ")";
        }
        throw CairnException.invalidParameter("Cannot tell the format of " + path.getFileName()
                + "; name it .csv, .tsv, .parquet, .json or .jsonl");
    }

    /**
     * The sha256 of the file's bytes, in hex: the identity of a dataset version, so registering
     * the same bytes twice gives the same version.
     */
    public String sha256() {
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw CairnException.invalidParameter("Cannot read " + path + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Reads the whole file as one frame. */
    public Frame read() {
        List<Frame> frames = new ArrayList<>();
        scan(Integer.MAX_VALUE, frames::add);
        return frames.isEmpty() ? new Frame(List.of()) : frames.get(0);
    }

    /** Reads the file in frames of at most {@code batchRows} rows, handing each to {@code consumer} in file order. */
    public void scan(int batchRows, Consumer<Frame> consumer) {
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM " + readFunction())) {
            ResultSetMetaData meta = rows.getMetaData();
            int width = meta.getColumnCount();
            ColumnType[] types = new ColumnType[width];
            String[] names = new String[width];
            for (int c = 0; c < width; c++) {
                types[c] = columnType(meta.getColumnType(c + 1));
                names[c] = meta.getColumnLabel(c + 1);
            }
            Batch batch = new Batch(names, types, batchRows == Integer.MAX_VALUE ? 1024 : batchRows);
            while (rows.next()) {
                batch.add(rows);
                if (batch.size == batchRows) {
                    consumer.accept(batch.toFrame());
                    batch = new Batch(names, types, batchRows);
                }
            }
            if (batch.size > 0) {
                consumer.accept(batch.toFrame());
            }
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot read " + path.getFileName() + ": " + e.getMessage());
        }
    }

    private static ColumnType columnType(int sqlType) {
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
        private final double[][] numbers;
        private final boolean[][] nulls;
        private final String[][] texts;
        private int size;

        Batch(String[] names, ColumnType[] types, int capacity) {
            this.names = names;
            this.types = types;
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
                    double value = types[c] == ColumnType.LONG ? row.getLong(c + 1) : row.getDouble(c + 1);
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
