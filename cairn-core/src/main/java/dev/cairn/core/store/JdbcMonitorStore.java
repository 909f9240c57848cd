package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.monitor.KpiValue;
import dev.cairn.core.monitor.MonitorResult;
import dev.cairn.core.monitor.MonitorStore;
import dev.cairn.core.monitor.MonitorWindow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The {@link MonitorStore} on a JDBC database (SQLite or PostgreSQL). */
final class JdbcMonitorStore implements MonitorStore {
    private static final String COLUMNS = "result_id, creation_time, deployment, from_time, to_time, reference, row_count, column_count, "
            + "drifted_columns, dataset_drift, integrity_issues, report";

    private final Database database;
    private final Clock clock;

    JdbcMonitorStore(Database database, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public MonitorResult record(MonitorWindow window) {
        return database.inTransaction(connection -> {
            long[] id = {0};
            new SqlQuery().append("INSERT INTO monitor_results (deployment, from_time, to_time, creation_time, reference, row_count, "
                            + "column_count, drifted_columns, dataset_drift, integrity_issues, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            + "RETURNING result_id", window.deployment(), window.fromMillis(), window.toMillis(), clock.millis(),
                    window.reference(), window.rows(), window.columns(), window.driftedColumns(), window.datasetDrift(),
                    window.integrityIssues(), window.reportJson())
                    .forEachRow(connection, rows -> id[0] = rows.getLong(1));
            return read(connection, " WHERE result_id = ?", id[0]).get(0);
        });
    }

    @Override
    public MonitorResult get(long id) {
        return database.read(connection -> {
            List<MonitorResult> found = read(connection, " WHERE result_id = ?", id);
            if (found.isEmpty()) {
                throw CairnException.notFound("Monitor result " + id + " does not exist");
            }
            return found.get(0);
        });
    }

    @Override
    public List<MonitorResult> results(String deployment, long fromMillis, long toMillis, int limit) {
        return database.read(connection -> read(connection,
                " WHERE deployment = ? AND to_time > ? AND to_time <= ? ORDER BY to_time DESC, result_id DESC LIMIT ?",
                deployment, fromMillis, toMillis, Math.max(1, limit)));
    }

    @Override
    public void recordKpis(List<KpiValue> values) {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO kpi_values (name, value, time, deployment, creation_time) VALUES (?, ?, ?, ?, ?)")) {
                long now = clock.millis();
                for (KpiValue value : values) {
                    insert.setString(1, value.name());
                    insert.setDouble(2, value.value());
                    insert.setLong(3, value.timeMillis());
                    if (value.deployment().isPresent()) {
                        insert.setString(4, value.deployment().get());
                    } else {
                        insert.setNull(4, Types.VARCHAR);
                    }
                    insert.setLong(5, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<KpiValue> kpis(Optional<String> name, Optional<String> deployment, long fromMillis, long toMillis, int limit) {
        SqlQuery query = new SqlQuery().append("SELECT name, value, time, deployment FROM kpi_values WHERE time >= ? AND time < ?",
                fromMillis, toMillis);
        name.ifPresent(kpi -> query.append(" AND name = ?", kpi));
        deployment.ifPresent(served -> query.append(" AND deployment = ?", served));
        query.append(" ORDER BY time, kpi_id LIMIT ?", Math.max(1, limit));
        return database.read(connection -> {
            List<KpiValue> values = new ArrayList<>();
            query.forEachRow(connection, rows -> values.add(new KpiValue(rows.getString(1), rows.getDouble(2), rows.getLong(3),
                    Optional.ofNullable(rows.getString(4)))));
            return values;
        });
    }

    private static List<MonitorResult> read(Connection connection, String where, Object... values) throws SQLException {
        List<MonitorResult> results = new ArrayList<>();
        new SqlQuery().append("SELECT " + COLUMNS + " FROM monitor_results" + where, values).forEachRow(connection, rows -> results.add(row(rows)));
        return results;
    }

    private static MonitorResult row(ResultSet rows) throws SQLException {
        return new MonitorResult(rows.getLong(1), rows.getLong(2), new MonitorWindow(rows.getString(3), rows.getLong(4), rows.getLong(5),
                rows.getString(6), rows.getLong(7), rows.getInt(8), rows.getInt(9), rows.getBoolean(10), rows.getInt(11), rows.getString(12)));
    }
}
