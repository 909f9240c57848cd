package dev.cairn.serve.log;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.sql.SqlFrames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the prediction log's Parquet segments back. The caller copies the segments it needs out
 * of the artifact store to local files first (the index says which segments cover a time window).
 */
public final class PredictionSegments {
    /** The columns of every segment, as DuckDB declares them; {@code ts} is UTC, to the millisecond. */
    static final String COLUMNS = "prediction_id VARCHAR, deployment VARCHAR, model VARCHAR, model_version INTEGER, arm VARCHAR,"
            + " ts TIMESTAMP, latency_us BIGINT, inputs VARCHAR, outputs VARCHAR";

    private PredictionSegments() {
    }

    /**
     * Writes the predictions of {@code parquetFiles} whose time is in {@code [fromMillis, toMillis)}
     * (epoch milliseconds), ordered by time, to {@code output}: CSV with a header if its name ends
     * in {@code .csv}, Parquet if it ends in {@code .parquet}. The output appears whole or not at
     * all. No files give an output with the columns and no rows. With a labels file (CSV with
     * columns {@code prediction_id,label}), each prediction gets its {@code label} column, empty
     * where none was attached.
     */
    public static void export(List<Path> parquetFiles, long fromMillis, long toMillis, Optional<Path> labels, Path output) {
        List<Path> files = List.copyOf(parquetFiles);
        if (toMillis < fromMillis) {
            throw CairnException.invalidParameter("The export window ends (" + toMillis + ") before it starts (" + fromMillis + ")");
        }
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        String format;
        if (name.endsWith(".csv")) {
            format = "FORMAT CSV, HEADER";
        } else if (name.endsWith(".parquet")) {
            format = "FORMAT PARQUET, COMPRESSION ZSTD";
        } else {
            throw CairnException.invalidParameter("Cannot tell the format to export to from " + output.getFileName()
                    + "; name it .csv or .parquet");
        }
        String source = files.isEmpty()
                ? "(SELECT * FROM (VALUES (" + nulls() + ")) AS empty(" + columnNames() + ") WHERE false)"
                : "read_parquet([" + files.stream().map(PredictionSegments::literal).collect(Collectors.joining(", ")) + "])";
        String window = "SELECT " + columnNames() + " FROM " + source
                + " WHERE ts >= epoch_ms(" + fromMillis + ") AND ts < epoch_ms(" + toMillis + ")";
        String query = labels.map(file -> "SELECT p.*, l.label FROM (" + window + ") p LEFT JOIN read_csv(" + literal(file)
                        + ", header = true, columns = {'prediction_id': 'VARCHAR', 'label': 'VARCHAR'}) l USING (prediction_id)")
                .orElse(window) + " ORDER BY ts, prediction_id";
        Path temp = output.resolveSibling(output.getFileName() + ".tmp");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duckdb.createStatement()) {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            statement.execute("COPY (" + query + ") TO " + literal(temp) + " (" + format + ")");
            Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot export predictions to " + output.getFileName() + ": " + SqlFrames.message(e));
        } catch (IOException e) {
            throw CairnException.invalidParameter("Cannot write " + output.getFileName());
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Only a leftover temporary file; the output itself is complete or absent.
            }
        }
    }

    /** The prediction ids in segments whose time is in {@code [fromMillis, toMillis)}: what to look labels up for. */
    public static List<String> predictionIds(List<Path> parquetFiles, long fromMillis, long toMillis) {
        List<String> ids = new ArrayList<>();
        if (parquetFiles.isEmpty()) {
            return ids;
        }
        String query = "SELECT prediction_id FROM read_parquet([" + parquetFiles.stream().map(PredictionSegments::literal)
                .collect(Collectors.joining(", ")) + "]) WHERE ts >= epoch_ms(" + fromMillis + ") AND ts < epoch_ms(" + toMillis + ")";
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duckdb.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot read the prediction log: " + SqlFrames.message(e));
        }
        return ids;
    }

    /** A file's absolute path as a SQL string literal. */
    static String literal(Path file) {
        return "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    private static String columnNames() {
        return columns().map(column -> column.split(" ")[0]).collect(Collectors.joining(", "));
    }

    private static String nulls() {
        return columns().map(column -> "NULL::" + column.split(" ")[1]).collect(Collectors.joining(", "));
    }

    private static Stream<String> columns() {
        return Arrays.stream(COLUMNS.split(",")).map(String::strip);
    }
}
