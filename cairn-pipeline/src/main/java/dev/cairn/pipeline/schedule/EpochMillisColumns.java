package dev.cairn.pipeline.schedule;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * db-scheduler's table with its times as epoch milliseconds ({@code BIGINT}), as every other time
 * in Cairn's schema. db-scheduler has no SQLite dialect; with plain numbers its generic SQL (an
 * optimistic {@code UPDATE ... WHERE version = ?} to pick a task) with a {@code LIMIT} runs on SQLite and PostgreSQL alike.
 */
final class EpochMillisColumns extends DefaultJdbcCustomization {
    EpochMillisColumns() {
        super(false);
    }

    @Override
    public String getName() {
        return "epoch milliseconds";
    }

    /** db-scheduler's default is {@code OFFSET 0 ROWS FETCH FIRST n ROWS ONLY}, which SQLite does not read; both read LIMIT. */
    @Override
    public boolean supportsExplicitQueryLimitPart() {
        return true;
    }

    @Override
    public String getQueryLimitPart(int limit) {
        return " LIMIT " + limit;
    }

    @Override
    public void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value.toEpochMilli());
        }
    }

    @Override
    public Instant getInstant(ResultSet rows, String column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
