package dev.cairn.data.sql;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes a DuckDB query's result to a Parquet file, in full or not at all: DuckDB writes a
 * temporary file beside the output, which is then moved into place.
 */
public final class ParquetExport {
    private ParquetExport() {
    }

    /** Runs {@code query} on a DuckDB statement and writes its rows to {@code output}. */
    public static TableFile write(Statement duckdb, String query, Path output) throws SQLException {
        Path temp = output.resolveSibling(output.getFileName() + ".tmp");
        try {
            Files.createDirectories(output.toAbsolutePath().getParent());
            duckdb.execute("COPY (" + query + ") TO '" + temp.toAbsolutePath().toString().replace("'", "''") + "' (FORMAT PARQUET)");
            Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new TableFile(output);
        } catch (IOException e) {
            throw CairnException.invalidParameter("Cannot write " + output + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Only a leftover temporary file; the output itself is complete or absent.
            }
        }
    }
}
