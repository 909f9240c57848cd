package dev.cairn.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.IntFunction;

/**
 * Loads runs into an experiment with batched SQL, 10,000 runs a transaction: the runs, their
 * params, tags and latest metrics (the rows searches and the runs table read; no metric history).
 * Far faster than the store's two durable commits a run, for populations of 100,000 and more.
 */
final class BulkRuns {
    private static final int RUNS_PER_TRANSACTION = 10_000;

    /** One run to load; its {@code mlflow.runName} tag is added from its name, as the store does. */
    record Row(String runName, long startTime, OptionalLong endTime, Map<String, Double> metrics, Map<String, String> params,
               Map<String, String> tags) {
    }

    private BulkRuns() {
    }

    /** The id of the run loaded at an index, so that rows can name other runs (a parent, say). */
    static String runId(int index) {
        return String.format("%032x", index);
    }

    /**
     * Loads {@code runs} runs made by {@code row}, called in index order. On SQLite it then
     * refreshes the planner statistics, which the store does by itself only after writes through it.
     */
    static void load(String jdbcUrl, long experimentId, int runs, IntFunction<Row> row) throws SQLException {
        boolean postgres = jdbcUrl.startsWith("jdbc:postgresql:");
        try (Connection connection = DriverManager.getConnection(postgres ? jdbcUrl + "&reWriteBatchedInserts=true" : jdbcUrl)) {
            connection.setAutoCommit(false);
            try (PreparedStatement run = connection.prepareStatement("INSERT INTO runs (run_uuid, experiment_id, run_name, user_id, status, "
                    + "start_time, end_time, artifact_uri, lifecycle_stage) VALUES (?, ?, ?, 'bench', ?, ?, ?, ?, 'active')");
                 PreparedStatement param = connection.prepareStatement("INSERT INTO params (run_uuid, param_key, param_value) VALUES (?, ?, ?)");
                 PreparedStatement tag = connection.prepareStatement("INSERT INTO run_tags (run_uuid, tag_key, tag_value) VALUES (?, ?, ?)");
                 PreparedStatement metric = connection.prepareStatement("INSERT INTO latest_metrics (run_uuid, metric_key, metric_value, "
                         + "metric_timestamp, step) VALUES (?, ?, ?, 1, 0)")) {
                for (int i = 0; i < runs; i++) {
                    Row next = row.apply(i);
                    String runId = runId(i);
                    run.setString(1, runId);
                    run.setLong(2, experimentId);
                    run.setString(3, next.runName());
                    run.setString(4, next.endTime().isPresent() ? "FINISHED" : "RUNNING");
                    run.setLong(5, next.startTime());
                    if (next.endTime().isPresent()) {
                        run.setLong(6, next.endTime().getAsLong());
                    } else {
                        run.setNull(6, Types.BIGINT);
                    }
                    run.setString(7, "mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts");
                    run.addBatch();
                    for (Map.Entry<String, Double> value : next.metrics().entrySet()) {
                        metric.setString(1, runId);
                        metric.setString(2, value.getKey());
                        metric.setDouble(3, value.getValue());
                        metric.addBatch();
                    }
                    addKeyed(param, runId, next.params());
                    addKeyed(tag, runId, next.tags());
                    addKeyed(tag, runId, Map.of("mlflow.runName", next.runName()));
                    if ((i + 1) % RUNS_PER_TRANSACTION == 0 || i == runs - 1) {
                        run.executeBatch();
                        param.executeBatch();
                        tag.executeBatch();
                        metric.executeBatch();
                        connection.commit();
                    }
                }
            }
            if (!postgres) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ANALYZE");
                }
                connection.commit();
            }
        }
    }

    private static void addKeyed(PreparedStatement insert, String runId, Map<String, String> values) throws SQLException {
        for (Map.Entry<String, String> value : values.entrySet()) {
            insert.setString(1, runId);
            insert.setString(2, value.getKey());
            insert.setString(3, value.getValue());
            insert.addBatch();
        }
    }
}
