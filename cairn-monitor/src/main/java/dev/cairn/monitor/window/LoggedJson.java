package dev.cairn.monitor.window;

import dev.cairn.monitor.table.TablePair;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The prediction log's JSON columns ({@code inputs}, {@code outputs}) read as columns in DuckDB. */
final class LoggedJson {
    private LoggedJson() {
    }

    /** The keys the JSON column's objects have: the first row's in their order (the signature's), then any others by name. */
    static List<String> keys(Statement statement, String table, String column) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        try (ResultSet rows = statement.executeQuery("SELECT unnest(json_keys(" + column + ")) FROM (SELECT " + column + " FROM " + table
                + " LIMIT 1)")) {
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
        }
        try (ResultSet rows = statement.executeQuery("SELECT DISTINCT unnest(json_keys(" + column + ")) AS key FROM " + table + " ORDER BY key")) {
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
        }
        return List.copyOf(keys);
    }

    /** The JSON path of one key. */
    static String path(String key) {
        return "$.\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The text of one key of a JSON column, as a SQL expression. */
    static String text(String json, String key) {
        return "json_extract_string(" + json + ", '" + path(key).replace("'", "''") + "')";
    }

    /** One key of a JSON column cast to {@code type} (null where it does not fit), named {@code column}. */
    static String extract(String json, String key, String type, String column) {
        return "TRY_CAST(" + text(json, key) + " AS " + type + ") AS " + TablePair.quote(column);
    }
}
