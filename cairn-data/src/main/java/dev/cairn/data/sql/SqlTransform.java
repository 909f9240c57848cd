package dev.cairn.data.sql;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A SQL query over named tables, run by DuckDB, whose result is written as a Parquet file: the
 * feature-engineering step of a pipeline ({@code SELECT hour(date) AS hour, ... FROM flights}).
 * Each input file is visible as a view of its name. The output is written to a temporary file
 * and moved into place, so a failed query leaves nothing behind, and DuckDB writes the same rows
 * in the same order to the same bytes, so an unchanged transform gives the same dataset version.
 *
 * @param inputs the files the query reads, by the table name it uses
 */
public record SqlTransform(String sql, Map<String, TableFile> inputs) {
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public SqlTransform {
        if (sql == null || sql.isBlank()) {
            throw CairnException.invalidParameter("A SQL transform needs a query");
        }
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        for (String name : inputs.keySet()) {
            if (!TABLE_NAME.matcher(name).matches()) {
                throw CairnException.invalidParameter("Table name '" + name + "' must be letters, digits and _ (and not start with a digit)");
            }
        }
    }

    /** Runs the query and writes its result to {@code output} (Parquet); returns the output as a table file. */
    public TableFile writeParquet(Path output) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            for (Map.Entry<String, TableFile> input : inputs.entrySet()) {
                statement.execute("CREATE VIEW \"" + input.getKey() + "\" AS SELECT * FROM " + input.getValue().readFunction());
            }
            return ParquetExport.write(statement, stripSemicolon(sql), output);
        } catch (SQLException e) {
            throw CairnException.invalidParameter("The SQL transform failed: " + SqlFrames.message(e)
                    + " (tables: " + inputs.keySet() + ")");
        }
    }

    private static String stripSemicolon(String query) {
        String trimmed = query.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
