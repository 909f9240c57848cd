package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.pipeline.ConcurrencyPolicy;
import dev.cairn.core.pipeline.NewPipeline;
import dev.cairn.core.pipeline.Pipeline;
import dev.cairn.core.pipeline.PipelineRun;
import dev.cairn.core.pipeline.PipelineRunState;
import dev.cairn.core.pipeline.PipelineSchedule;
import dev.cairn.core.pipeline.PipelineStore;
import dev.cairn.core.pipeline.RunClaim;
import dev.cairn.core.pipeline.RunRequest;
import dev.cairn.core.pipeline.TriggerKind;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/** The {@link PipelineStore} on a JDBC database (SQLite or PostgreSQL). */
final class JdbcPipelineStore implements PipelineStore {
    private static final String PIPELINE_COLUMNS = "name, spec, folder, concurrency, schedule_cron, schedule_zone, watch, watched_digest, "
            + "creation_time, last_update_time";
    private static final String RUN_COLUMNS = "run_id, pipeline, state, trigger_kind, trigger_detail, forced, resume_of, tracking_run_id, "
            + "worker, cancel_requested, message, request_time, start_time, end_time, run_params";
    private static final int MAX_MESSAGE = 4000;

    private final Database database;
    private final Clock clock;

    JdbcPipelineStore(Database database, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Pipeline create(NewPipeline pipeline) {
        return database.inTransaction(connection -> {
            long now = clock.millis();
            // ON CONFLICT rather than a look first: two creates of one name at once on PostgreSQL both looked, and one met the key.
            int inserted = new SqlQuery().append("INSERT INTO pipelines (" + PIPELINE_COLUMNS + ") VALUES (?, ?, ?, ?, NULL, NULL, ?, NULL, ?, ?)"
                            + " ON CONFLICT (name) DO NOTHING",
                    pipeline.name(), pipeline.spec(), pipeline.folder(), pipeline.concurrency().name(), pipeline.watch(), now, now)
                    .update(connection);
            if (inserted == 0) {
                throw CairnException.alreadyExists("Pipeline '" + pipeline.name() + "' already exists; update it instead");
            }
            return existing(connection, pipeline.name(), false);
        });
    }

    @Override
    public Pipeline update(NewPipeline pipeline) {
        return database.inTransaction(connection -> {
            existing(connection, pipeline.name(), true);
            new SqlQuery().append("UPDATE pipelines SET spec = ?, folder = ?, concurrency = ?, watch = ?, last_update_time = ? WHERE name = ?",
                    pipeline.spec(), pipeline.folder(), pipeline.concurrency().name(), pipeline.watch(), clock.millis(), pipeline.name())
                    .update(connection);
            return existing(connection, pipeline.name(), false);
        });
    }

    @Override
    public Pipeline get(String name) {
        return database.read(connection -> existing(connection, name, false));
    }

    @Override
    public List<Pipeline> list() {
        return database.read(connection -> {
            List<Pipeline> pipelines = new ArrayList<>();
            new SqlQuery().append("SELECT " + PIPELINE_COLUMNS + " FROM pipelines ORDER BY name")
                    .forEachRow(connection, rows -> pipelines.add(pipeline(rows)));
            return pipelines;
        });
    }

    @Override
    public void delete(String name) {
        database.inTransaction(connection -> {
            existing(connection, name, true);
            if (!active(connection, name).isEmpty()) {
                throw new CairnException(ErrorCode.INVALID_STATE, "Pipeline '" + shortened(name) + "' has a queued or running run; cancel it first");
            }
            return new SqlQuery().append("DELETE FROM pipelines WHERE name = ?", name).update(connection);
        });
    }

    @Override
    public Pipeline setSchedule(String name, Optional<PipelineSchedule> schedule) {
        return database.inTransaction(connection -> {
            existing(connection, name, true);
            new SqlQuery().append("UPDATE pipelines SET schedule_cron = ?, schedule_zone = ?, last_update_time = ? WHERE name = ?",
                    schedule.map(PipelineSchedule::cron).orElse(null), schedule.map(PipelineSchedule::zone).orElse(null), clock.millis(), name)
                    .update(connection);
            return existing(connection, name, false);
        });
    }

    @Override
    public void setWatchedDigest(String name, String digest) {
        database.inTransaction(connection -> new SqlQuery().append("UPDATE pipelines SET watched_digest = ? WHERE name = ?", digest, name)
                .update(connection));
    }

    @Override
    public PipelineRun request(String pipeline, RunRequest request) {
        return database.inTransaction(connection -> {
            Pipeline stored = existing(connection, pipeline, true);
            List<PipelineRun> active = active(connection, pipeline);
            boolean skip = stored.concurrency() == ConcurrencyPolicy.SKIP && !active.isEmpty();
            String message = skip ? "skipped: run " + active.get(0).id() + " of this pipeline is " + active.get(0).state().name().toLowerCase()
                    : "";
            long[] id = {0};
            long now = clock.millis();
            new SqlQuery().append("INSERT INTO pipeline_runs (pipeline, state, trigger_kind, trigger_detail, forced, resume_of, "
                            + "cancel_requested, message, request_time, end_time, run_params) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING run_id",
                    pipeline, (skip ? PipelineRunState.SKIPPED : PipelineRunState.QUEUED).name(), request.trigger().name(), request.detail(),
                    request.force(), request.resumeOf().isPresent() ? request.resumeOf().getAsLong() : null, false, message, now,
                    skip ? now : null, RunParams.write(request.params()))
                    .forEachRow(connection, rows -> id[0] = rows.getLong(1));
            return existingRun(connection, id[0]);
        });
    }

    @Override
    public RunClaim claim(long runId, String worker) {
        return database.inTransaction(connection -> {
            Pipeline pipeline = lockedPipelineOf(connection, runId);
            PipelineRun run = existingRun(connection, runId);
            if (run.state().finished()) {
                return new RunClaim(RunClaim.Outcome.OVER, run);
            }
            if (run.state() == PipelineRunState.RUNNING) {
                new SqlQuery().append("UPDATE pipeline_runs SET worker = ? WHERE run_id = ?", worker, runId).update(connection);
                return new RunClaim(RunClaim.Outcome.TAKEN_OVER, existingRun(connection, runId));
            }
            if (pipeline.concurrency() != ConcurrencyPolicy.PARALLEL) {
                // Under the pipeline's lock the run is still QUEUED, so it is among the active runs.
                List<PipelineRun> active = active(connection, run.pipeline());
                boolean first = active.get(0).id() == runId;
                boolean running = active.stream().anyMatch(other -> other.state() == PipelineRunState.RUNNING);
                if (running || !first) {
                    return new RunClaim(RunClaim.Outcome.WAIT, run);
                }
            }
            new SqlQuery().append("UPDATE pipeline_runs SET state = ?, worker = ?, start_time = ? WHERE run_id = ? AND state = ?",
                    PipelineRunState.RUNNING.name(), worker, clock.millis(), runId, PipelineRunState.QUEUED.name()).update(connection);
            return new RunClaim(RunClaim.Outcome.STARTED, existingRun(connection, runId));
        });
    }

    @Override
    public boolean setTrackingRun(long runId, String worker, String trackingRunId) {
        return database.inTransaction(connection -> new SqlQuery().append(
                "UPDATE pipeline_runs SET tracking_run_id = ? WHERE run_id = ? AND state = ? AND worker = ?",
                trackingRunId, runId, PipelineRunState.RUNNING.name(), worker).update(connection) == 1);
    }

    @Override
    public PipelineRun finish(long runId, String worker, PipelineRunState state, String message) {
        if (!state.finished()) {
            throw new IllegalArgumentException("a run cannot finish as " + state);
        }
        return database.inTransaction(connection -> {
            lockedPipelineOf(connection, runId);
            // Only the worker that holds the run ends it: one whose run was taken over after its heartbeats stalled does not.
            new SqlQuery().append("UPDATE pipeline_runs SET state = ?, message = ?, end_time = ? WHERE run_id = ? AND state = ? AND worker = ?",
                    state.name(), shorten(message), clock.millis(), runId, PipelineRunState.RUNNING.name(), worker).update(connection);
            return existingRun(connection, runId);
        });
    }

    @Override
    public PipelineRun requestCancel(long runId) {
        return database.inTransaction(connection -> {
            lockedPipelineOf(connection, runId);
            PipelineRun run = existingRun(connection, runId);
            if (run.state() == PipelineRunState.QUEUED) {
                new SqlQuery().append("UPDATE pipeline_runs SET state = ?, cancel_requested = ?, message = ?, end_time = ? WHERE run_id = ?",
                        PipelineRunState.CANCELLED.name(), true, "cancelled before it started", clock.millis(), runId).update(connection);
            } else if (run.state() == PipelineRunState.RUNNING) {
                new SqlQuery().append("UPDATE pipeline_runs SET cancel_requested = ? WHERE run_id = ?", true, runId).update(connection);
            }
            return existingRun(connection, runId);
        });
    }

    @Override
    public PipelineRun run(long runId) {
        return database.read(connection -> existingRun(connection, runId));
    }

    @Override
    public List<PipelineRun> runs(String pipeline, int limit) {
        return database.read(connection -> {
            existing(connection, pipeline, false);
            return runs(connection, " WHERE pipeline = ? ORDER BY run_id DESC LIMIT ?", pipeline, Math.max(1, Math.min(limit, 1000)));
        });
    }

    @Override
    public List<PipelineRun> unfinished() {
        return database.read(connection -> runs(connection, " WHERE state IN (?, ?) ORDER BY run_id",
                PipelineRunState.QUEUED.name(), PipelineRunState.RUNNING.name()));
    }

    /**
     * Locks the pipeline a run belongs to, so that the run's state is read and changed by one
     * transaction at a time (a claim, a cancel and a finish serialize on it).
     */
    private Pipeline lockedPipelineOf(Connection connection, long runId) throws SQLException {
        List<String> names = new ArrayList<>();
        new SqlQuery().append("SELECT pipeline FROM pipeline_runs WHERE run_id = ?", runId).forEachRow(connection, rows -> names.add(rows.getString(1)));
        if (names.isEmpty()) {
            throw CairnException.notFound("Pipeline run " + runId + " does not exist");
        }
        return existing(connection, names.get(0), true);
    }

    /** The queued and running runs of a pipeline, oldest first. */
    private static List<PipelineRun> active(Connection connection, String pipeline) throws SQLException {
        return runs(connection, " WHERE pipeline = ? AND state IN (?, ?) ORDER BY run_id", pipeline,
                PipelineRunState.QUEUED.name(), PipelineRunState.RUNNING.name());
    }

    /** A pipeline that must exist; {@code lock} holds its row until commit, which serializes the policy decisions per pipeline. */
    private Pipeline existing(Connection connection, String name, boolean lock) throws SQLException {
        return find(connection, name, lock).orElseThrow(() -> CairnException.notFound("Pipeline '" + shortened(name) + "' does not exist"));
    }

    private Optional<Pipeline> find(Connection connection, String name, boolean lock) throws SQLException {
        List<Pipeline> found = new ArrayList<>();
        new SqlQuery().append("SELECT " + PIPELINE_COLUMNS + " FROM pipelines WHERE name = ?" + (lock ? database.dialect().forUpdate() : ""), name)
                .forEachRow(connection, rows -> found.add(pipeline(rows)));
        return found.stream().findFirst();
    }

    private static PipelineRun existingRun(Connection connection, long runId) throws SQLException {
        List<PipelineRun> found = runs(connection, " WHERE run_id = ?", runId);
        if (found.isEmpty()) {
            throw CairnException.notFound("Pipeline run " + runId + " does not exist");
        }
        return found.get(0);
    }

    private static List<PipelineRun> runs(Connection connection, String where, Object... values) throws SQLException {
        List<PipelineRun> runs = new ArrayList<>();
        new SqlQuery().append("SELECT " + RUN_COLUMNS + " FROM pipeline_runs" + where, values).forEachRow(connection, rows -> runs.add(run(rows)));
        return runs;
    }

    private static Pipeline pipeline(ResultSet rows) throws SQLException {
        String cron = rows.getString(5);
        Optional<PipelineSchedule> schedule = cron == null ? Optional.empty() : Optional.of(new PipelineSchedule(cron, rows.getString(6)));
        return new Pipeline(rows.getString(1), rows.getString(2), rows.getString(3), ConcurrencyPolicy.valueOf(rows.getString(4)), schedule,
                rows.getBoolean(7), Optional.ofNullable(rows.getString(8)), rows.getLong(9), rows.getLong(10));
    }

    private static PipelineRun run(ResultSet rows) throws SQLException {
        return new PipelineRun(rows.getLong(1), rows.getString(2), PipelineRunState.valueOf(rows.getString(3)),
                TriggerKind.valueOf(rows.getString(4)), rows.getString(5), rows.getBoolean(6), optionalLong(rows, 7),
                Optional.ofNullable(rows.getString(8)), Optional.ofNullable(rows.getString(9)), rows.getBoolean(10), rows.getString(11),
                rows.getLong(12), optionalLong(rows, 13), optionalLong(rows, 14), RunParams.read(rows.getString(15)));
    }

    private static OptionalLong optionalLong(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static String shorten(String message) {
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    }

    /** A name from a request path, cut short: an error echoes what the caller sent, not all 5,000 characters of it. */
    private static String shortened(String name) {
        return name.length() <= 64 ? name : name.substring(0, 61) + "...";
    }
}
