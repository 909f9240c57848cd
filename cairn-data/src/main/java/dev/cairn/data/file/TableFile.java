package dev.cairn.data.file;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import dev.cairn.data.sql.SqlFrames;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
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
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            SqlFrames.scan(connection, "SELECT * FROM " + readFunction(), batchRows, frame -> {
                if (frame.rowCount() > 0) {
                    consumer.accept(frame);
                }
            });
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot read " + path.getFileName() + ": " + SqlFrames.message(e));
        }
    }
}
