package dev.cairn.monitor.table;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.SqlFrames;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A reference and a current table file opened side by side in one in-memory DuckDB, as the views
 * or tables {@code reference} and {@code current}. Parquet is scanned in place; CSV and JSON are
 * parsed once into temporary tables, so drift and integrity over the same pair read a text file
 * once between them. Close it to free DuckDB.
 */
public final class TablePair implements AutoCloseable {
    private final TableFile reference;
    private final TableFile current;
    private final Connection duckdb;
    private final Statement statement;
    private final Map<String, String> referenceTypes;
    private final Map<String, String> currentTypes;

    private TablePair(TableFile reference, TableFile current, Connection duckdb, Statement statement) throws SQLException {
        this.reference = reference;
        this.current = current;
        this.duckdb = duckdb;
        this.statement = statement;
        this.referenceTypes = open(statement, "reference", reference);
        this.currentTypes = open(statement, "current", current);
    }

    /** Opens both files; an unreadable file is a {@link CairnException} naming it. */
    public static TablePair open(TableFile reference, TableFile current) {
        requireNonNull(reference, "reference is null");
        requireNonNull(current, "current is null");
        String pair = reference.path().getFileName() + " with " + current.path().getFileName();
        Connection duckdb;
        try {
            duckdb = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot open DuckDB to compare " + pair + ": " + SqlFrames.message(e));
        }
        try {
            return new TablePair(reference, current, duckdb, duckdb.createStatement());
        } catch (SQLException e) {
            closeAfter(duckdb, e);
            throw CairnException.invalidParameter("Cannot compare " + pair + ": " + SqlFrames.message(e));
        } catch (RuntimeException e) {
            closeAfter(duckdb, e);
            throw e;
        }
    }

    public TableFile reference() {
        return reference;
    }

    public TableFile current() {
        return current;
    }

    /** The statement queries over {@code reference} and {@code current} run on; one at a time. */
    public Statement statement() {
        return statement;
    }

    /** The reference's columns and their DuckDB types, in file order. */
    public Map<String, String> referenceTypes() {
        return referenceTypes;
    }

    /** The current table's columns and their DuckDB types, in file order. */
    public Map<String, String> currentTypes() {
        return currentTypes;
    }

    /** {@code column} quoted as a DuckDB identifier. */
    public static String quote(String column) {
        return "\"" + column.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        try {
            duckdb.close();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot close the in-memory DuckDB: " + SqlFrames.message(e), e);
        }
    }

    private static Map<String, String> open(Statement statement, String name, TableFile file) throws SQLException {
        boolean parquet = file.readFunction().startsWith("read_parquet");
        try {
            statement.execute((parquet ? "CREATE VIEW " : "CREATE TEMP TABLE ") + name + " AS SELECT * FROM " + file.readFunction());
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot read " + file.path().getFileName() + ": " + SqlFrames.message(e));
        }
        Map<String, String> types = new LinkedHashMap<>();
        try (ResultSet rows = statement.executeQuery("DESCRIBE " + name)) {
            while (rows.next()) {
                types.put(rows.getString("column_name"), rows.getString("column_type"));
            }
        }
        return Collections.unmodifiableMap(types);
    }

    private static void closeAfter(Connection duckdb, Exception cause) {
        try {
            duckdb.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
