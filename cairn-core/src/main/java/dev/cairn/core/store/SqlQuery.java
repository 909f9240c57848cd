package dev.cairn.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;

/**
 * SQL text built in pieces together with its bind values, so that dynamic searches never
 * splice a caller's value into SQL.
 */
final class SqlQuery {
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> values = new ArrayList<>();

    /** Appends SQL text that has no bind values. */
    SqlQuery append(String text) {
        sql.append(text);
        return this;
    }

    /** Appends SQL text with {@code ?} placeholders and their values, in order. */
    SqlQuery append(String text, Object... bindValues) {
        sql.append(text);
        values.addAll(Arrays.asList(bindValues));
        return this;
    }

    /** Appends another query's text and bind values, as a subquery. */
    SqlQuery appendQuery(SqlQuery other) {
        sql.append(other.sql);
        values.addAll(other.values);
        return this;
    }

    /** Appends {@code (?, ?, ...)} for a list of values. */
    SqlQuery appendList(Collection<?> listValues) {
        StringJoiner placeholders = new StringJoiner(", ", "(", ")");
        for (Object value : listValues) {
            placeholders.add("?");
            values.add(value);
        }
        sql.append(placeholders);
        return this;
    }

    /** Reads one row at a time. */
    @FunctionalInterface
    interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    /** Runs the query and hands each row to a reader. */
    void forEachRow(Connection connection, RowReader reader) throws SQLException {
        try (PreparedStatement statement = prepare(connection); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                reader.read(rows);
            }
        }
    }

    /** Runs an INSERT, UPDATE or DELETE and returns the number of rows it changed. */
    int update(Connection connection) throws SQLException {
        try (PreparedStatement statement = prepare(connection)) {
            return statement.executeUpdate();
        }
    }

    /** Prepares the statement and binds every value. */
    PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        for (int i = 0; i < values.size(); i++) {
            statement.setObject(i + 1, values.get(i));
        }
        return statement;
    }

    @Override
    public String toString() {
        return sql.toString();
    }
}
