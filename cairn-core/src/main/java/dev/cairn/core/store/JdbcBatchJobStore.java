package dev.cairn.core.store;

import dev.cairn.core.batch.BatchJob;
import dev.cairn.core.batch.BatchJobState;
import dev.cairn.core.batch.BatchJobStore;
import dev.cairn.core.batch.NewBatchJob;
import dev.cairn.core.error.CairnException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/** The {@link BatchJobStore} on a JDBC database (SQLite or PostgreSQL). */
final class JdbcBatchJobStore implements BatchJobStore {
    private static final String COLUMNS = "job_id, model, version, input_path, output_path, id_column, state, rows_scored, message, "
            + "creation_time, start_time, end_time";
    private static final int MAX_MESSAGE = 4000;

    private final Database database;
    private final Clock clock;

    JdbcBatchJobStore(Database database, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public BatchJob create(NewBatchJob job) {
        return database.inTransaction(connection -> {
            long[] id = {0};
            new SqlQuery().append("INSERT INTO batch_jobs (model, version, input_path, output_path, id_column, state, rows_scored, message, "
                    + "creation_time) VALUES (?, ?, ?, ?, ?, ?, 0, '', ?) RETURNING job_id", job.model(), job.version(), job.inputPath(),
                    job.outputPath(), job.idColumn().orElse(null), BatchJobState.QUEUED.name(), clock.millis())
                    .forEachRow(connection, rows -> id[0] = rows.getLong(1));
            return read(connection, " WHERE job_id = ?", id[0]).get(0);
        });
    }

    @Override
    public BatchJob get(long id) {
        return database.read(connection -> {
            List<BatchJob> found = read(connection, " WHERE job_id = ?", id);
            if (found.isEmpty()) {
                throw CairnException.notFound("Batch job " + id + " does not exist");
            }
            return found.get(0);
        });
    }

    @Override
    public List<BatchJob> list(int limit) {
        return database.read(connection -> read(connection, " ORDER BY job_id DESC LIMIT ?", Math.max(1, limit)));
    }

    @Override
    public List<BatchJob> unfinished() {
        return database.read(connection -> read(connection, " WHERE state IN (?, ?) ORDER BY job_id",
                BatchJobState.QUEUED.name(), BatchJobState.RUNNING.name()));
    }

    @Override
    public void start(long id) {
        update("UPDATE batch_jobs SET state = ?, start_time = ?, rows_scored = 0, message = '' WHERE job_id = ?",
                BatchJobState.RUNNING.name(), clock.millis(), id);
    }

    @Override
    public void progress(long id, long rowsScored) {
        update("UPDATE batch_jobs SET rows_scored = ? WHERE job_id = ?", rowsScored, id);
    }

    @Override
    public void succeed(long id, long rowsScored, String message) {
        update("UPDATE batch_jobs SET state = ?, rows_scored = ?, message = ?, end_time = ? WHERE job_id = ?",
                BatchJobState.SUCCEEDED.name(), rowsScored, shorten(message), clock.millis(), id);
    }

    @Override
    public void fail(long id, String message) {
        update("UPDATE batch_jobs SET state = ?, message = ?, end_time = ? WHERE job_id = ?",
                BatchJobState.FAILED.name(), shorten(message), clock.millis(), id);
    }

    private void update(String sql, Object... values) {
        database.inTransaction(connection -> new SqlQuery().append(sql, values).update(connection));
    }

    private static String shorten(String message) {
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    }

    private static List<BatchJob> read(Connection connection, String where, Object... values) throws SQLException {
        List<BatchJob> jobs = new ArrayList<>();
        new SqlQuery().append("SELECT " + COLUMNS + " FROM batch_jobs" + where, values).forEachRow(connection, rows -> jobs.add(row(rows)));
        return jobs;
    }

    private static BatchJob row(ResultSet rows) throws SQLException {
        long start = rows.getLong(11);
        boolean started = !rows.wasNull();
        long end = rows.getLong(12);
        boolean ended = !rows.wasNull();
        return new BatchJob(rows.getLong(1), rows.getString(2), rows.getInt(3), rows.getString(4), rows.getString(5),
                Optional.ofNullable(rows.getString(6)), BatchJobState.valueOf(rows.getString(7)), rows.getLong(8), rows.getString(9),
                rows.getLong(10), started ? OptionalLong.of(start) : OptionalLong.empty(), ended ? OptionalLong.of(end) : OptionalLong.empty());
    }
}
