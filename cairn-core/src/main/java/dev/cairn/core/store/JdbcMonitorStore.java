package dev.cairn.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.monitor.Alert;
import dev.cairn.core.monitor.AlertCondition;
import dev.cairn.core.monitor.AlertRule;
import dev.cairn.core.monitor.KpiValue;
import dev.cairn.core.monitor.MonitorResult;
import dev.cairn.core.monitor.MonitorSchedule;
import dev.cairn.core.monitor.MonitorStore;
import dev.cairn.core.monitor.MonitorWindow;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/** The {@link MonitorStore} on a JDBC database (SQLite or PostgreSQL). */
final class JdbcMonitorStore implements MonitorStore {
    private static final String COLUMNS = "result_id, creation_time, deployment, from_time, to_time, reference, row_count, column_count, "
            + "drifted_columns, dataset_drift, prediction_drift, integrity_issues, report";
    private static final String RULE_COLUMNS = "deployment, name, condition, threshold, severity, webhook, pipeline";
    private static final String ALERT_COLUMNS = "alert_id, rule_name, deployment, severity, firing, acknowledged, fired_time, resolved_time, "
            + "result_id, message, pipeline_run";

    private static final String SCHEDULE_COLUMNS = "deployment, every_millis, window_millis, reference_dataset, reference_version, columns, "
            + "drift_share";
    private static final ObjectMapper JSON = new ObjectMapper();

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
                            + "column_count, drifted_columns, dataset_drift, prediction_drift, integrity_issues, report) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING result_id", window.deployment(), window.fromMillis(),
                    window.toMillis(), clock.millis(), window.reference(), window.rows(), window.columns(), window.driftedColumns(),
                    window.datasetDrift(), window.predictionDrift(), window.integrityIssues(), window.reportJson())
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
        // The newest values when there are more than the limit, returned oldest first.
        query.append(" ORDER BY time DESC, kpi_id DESC LIMIT ?", Math.max(1, limit));
        return database.read(connection -> {
            List<KpiValue> values = new ArrayList<>();
            query.forEachRow(connection, rows -> values.add(new KpiValue(rows.getString(1), rows.getDouble(2), rows.getLong(3),
                    Optional.ofNullable(rows.getString(4)))));
            Collections.reverse(values);
            return values;
        });
    }

    @Override
    public AlertRule putRule(AlertRule rule) {
        return database.inTransaction(connection -> {
            new SqlQuery().append("DELETE FROM alert_rules WHERE deployment = ? AND name = ?", rule.deployment(), rule.name()).update(connection);
            new SqlQuery().append("INSERT INTO alert_rules (" + RULE_COLUMNS + ", creation_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rule.deployment(),
                    rule.name(), rule.condition().wireName(), rule.threshold(), rule.severity(), rule.webhook().map(URI::toString).orElse(null),
                    rule.pipeline().orElse(null), clock.millis()).update(connection);
            return rule;
        });
    }

    @Override
    public List<AlertRule> rules(String deployment) {
        return database.read(connection -> {
            List<AlertRule> rules = new ArrayList<>();
            new SqlQuery().append("SELECT " + RULE_COLUMNS + " FROM alert_rules WHERE deployment = ? ORDER BY name", deployment)
                    .forEachRow(connection, rows -> rules.add(new AlertRule(rows.getString(1), rows.getString(2),
                            AlertCondition.fromWire(rows.getString(3)), rows.getDouble(4), rows.getString(5),
                            Optional.ofNullable(rows.getString(6)).map(URI::create), Optional.ofNullable(rows.getString(7)))));
            return rules;
        });
    }

    @Override
    public void deleteRule(String deployment, String name) {
        database.inTransaction(connection -> {
            if (new SqlQuery().append("DELETE FROM alert_rules WHERE deployment = ? AND name = ?", deployment, name).update(connection) == 0) {
                throw CairnException.notFound("Deployment '" + deployment + "' has no alert rule named '" + name + "'");
            }
            // A deleted rule's alert cannot resolve any more, and a new rule of the name must not inherit it.
            new SqlQuery().append("UPDATE alerts SET firing = ?, resolved_time = ? WHERE deployment = ? AND rule_name = ? AND firing", false,
                    clock.millis(), deployment, name).update(connection);
            return null;
        });
    }

    @Override
    public Optional<Alert> firing(String deployment, String rule) {
        return database.read(connection -> alerts(connection, " WHERE deployment = ? AND rule_name = ? AND firing", deployment, rule)
                .stream().findFirst());
    }

    @Override
    public Alert raise(AlertRule rule, long resultId, String message) {
        return database.inTransaction(connection -> {
            long[] id = {0};
            new SqlQuery().append("INSERT INTO alerts (deployment, rule_name, severity, firing, acknowledged, fired_time, result_id, message) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING alert_id", rule.deployment(), rule.name(), rule.severity(), true, false,
                    clock.millis(), resultId, message).forEachRow(connection, rows -> id[0] = rows.getLong(1));
            return alerts(connection, " WHERE alert_id = ?", id[0]).get(0);
        });
    }

    @Override
    public void stillFiring(long alertId, long resultId) {
        database.inTransaction(connection -> new SqlQuery().append("UPDATE alerts SET result_id = ? WHERE alert_id = ? AND firing", resultId,
                alertId).update(connection));
    }

    @Override
    public Alert resolve(long alertId, long resultId) {
        return database.inTransaction(connection -> {
            new SqlQuery().append("UPDATE alerts SET firing = ?, resolved_time = ?, result_id = ? WHERE alert_id = ? AND firing", false,
                    clock.millis(), resultId, alertId).update(connection);
            return alert(connection, alertId);
        });
    }

    @Override
    public void linkRun(long alertId, long pipelineRun) {
        database.inTransaction(connection -> new SqlQuery().append("UPDATE alerts SET pipeline_run = ? WHERE alert_id = ?", pipelineRun, alertId)
                .update(connection));
    }

    @Override
    public Alert acknowledge(long alertId) {
        return database.inTransaction(connection -> {
            new SqlQuery().append("UPDATE alerts SET acknowledged = ? WHERE alert_id = ?", true, alertId).update(connection);
            return alert(connection, alertId);
        });
    }

    @Override
    public List<Alert> alerts(Optional<String> deployment, Optional<Boolean> firing, int limit) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        deployment.ifPresent(name -> {
            where.append(" AND deployment = ?");
            values.add(name);
        });
        firing.ifPresent(state -> {
            where.append(" AND firing = ?");
            values.add(state);
        });
        where.append(" ORDER BY fired_time DESC, alert_id DESC LIMIT ?");
        values.add(Math.max(1, limit));
        return database.read(connection -> alerts(connection, where.toString(), values.toArray()));
    }

    @Override
    public MonitorSchedule putSchedule(MonitorSchedule schedule) {
        String columns;
        try {
            columns = JSON.writeValueAsString(schedule.columns());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is JSON", e);
        }
        return database.inTransaction(connection -> {
            // One statement: a delete then an insert let two first PUTs at once on PostgreSQL both insert, and one met the key.
            new SqlQuery().append("INSERT INTO monitor_schedules (" + SCHEDULE_COLUMNS + ", creation_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT (deployment) DO UPDATE SET every_millis = excluded.every_millis, window_millis = excluded.window_millis,"
                            + " reference_dataset = excluded.reference_dataset, reference_version = excluded.reference_version,"
                            + " columns = excluded.columns, drift_share = excluded.drift_share, creation_time = excluded.creation_time",
                    schedule.deployment(), schedule.every().toMillis(), schedule.window().toMillis(), schedule.referenceDataset().orElse(null),
                    schedule.referenceVersion().isPresent() ? schedule.referenceVersion().getAsLong() : null, columns, schedule.driftShare(),
                    clock.millis()).update(connection);
            return schedule;
        });
    }

    @Override
    public Optional<MonitorSchedule> schedule(String deployment) {
        return database.read(connection -> schedules(connection, " WHERE deployment = ?", deployment).stream().findFirst());
    }

    @Override
    public List<MonitorSchedule> schedules() {
        return database.read(connection -> schedules(connection, " ORDER BY deployment"));
    }

    @Override
    public void deleteSchedule(String deployment) {
        database.inTransaction(connection -> {
            if (new SqlQuery().append("DELETE FROM monitor_schedules WHERE deployment = ?", deployment).update(connection) == 0) {
                throw CairnException.notFound("Deployment '" + deployment + "' has no monitor schedule");
            }
            return null;
        });
    }

    private static List<MonitorSchedule> schedules(Connection connection, String where, Object... values) throws SQLException {
        List<MonitorSchedule> schedules = new ArrayList<>();
        new SqlQuery().append("SELECT " + SCHEDULE_COLUMNS + " FROM monitor_schedules" + where, values).forEachRow(connection, rows -> {
            long version = rows.getLong(5);
            OptionalLong referenceVersion = rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(version);
            List<String> columns;
            try {
                columns = JSON.readValue(rows.getString(6), new TypeReference<List<String>>() { });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored monitor schedule's columns are a JSON list", e);
            }
            schedules.add(new MonitorSchedule(rows.getString(1), Duration.ofMillis(rows.getLong(2)), Duration.ofMillis(rows.getLong(3)),
                    Optional.ofNullable(rows.getString(4)), referenceVersion, columns, rows.getDouble(7)));
        });
        return schedules;
    }

    private static Alert alert(Connection connection, long alertId) throws SQLException {
        List<Alert> found = alerts(connection, " WHERE alert_id = ?", alertId);
        if (found.isEmpty()) {
            throw CairnException.notFound("Alert " + alertId + " does not exist");
        }
        return found.get(0);
    }

    private static List<Alert> alerts(Connection connection, String where, Object... values) throws SQLException {
        List<Alert> alerts = new ArrayList<>();
        new SqlQuery().append("SELECT " + ALERT_COLUMNS + " FROM alerts" + where, values).forEachRow(connection, rows -> {
            long resolved = rows.getLong(8);
            OptionalLong resolvedTime = rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(resolved);
            long run = rows.getLong(11);
            Optional<Long> pipelineRun = rows.wasNull() ? Optional.empty() : Optional.of(run);
            alerts.add(new Alert(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getBoolean(5),
                    rows.getBoolean(6), rows.getLong(7), resolvedTime, rows.getLong(9), rows.getString(10), pipelineRun));
        });
        return alerts;
    }

    private static List<MonitorResult> read(Connection connection, String where, Object... values) throws SQLException {
        List<MonitorResult> results = new ArrayList<>();
        new SqlQuery().append("SELECT " + COLUMNS + " FROM monitor_results" + where, values).forEachRow(connection, rows -> results.add(row(rows)));
        return results;
    }

    private static MonitorResult row(ResultSet rows) throws SQLException {
        return new MonitorResult(rows.getLong(1), rows.getLong(2), new MonitorWindow(rows.getString(3), rows.getLong(4), rows.getLong(5),
                rows.getString(6), rows.getLong(7), rows.getInt(8), rows.getInt(9), rows.getBoolean(10), rows.getBoolean(11), rows.getInt(12),
                rows.getString(13)));
    }
}
