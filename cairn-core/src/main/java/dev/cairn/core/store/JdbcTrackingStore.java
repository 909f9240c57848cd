package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.tracking.Dataset;
import dev.cairn.core.tracking.DatasetInput;
import dev.cairn.core.tracking.Experiment;
import dev.cairn.core.tracking.ExperimentSearch;
import dev.cairn.core.tracking.LifecycleStage;
import dev.cairn.core.tracking.LogBatch;
import dev.cairn.core.tracking.Metric;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.Param;
import dev.cairn.core.tracking.Run;
import dev.cairn.core.tracking.RunInfo;
import dev.cairn.core.tracking.RunSearch;
import dev.cairn.core.tracking.RunStatus;
import dev.cairn.core.tracking.RunUpdate;
import dev.cairn.core.tracking.Tag;
import dev.cairn.core.tracking.TrackingLimits;
import dev.cairn.core.tracking.TrackingStore;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** The {@link TrackingStore} on a JDBC database (SQLite or PostgreSQL). */
final class JdbcTrackingStore implements TrackingStore {
    /** The tag MLflow clients use to carry a run's name. */
    static final String RUN_NAME_TAG = "mlflow.runName";
    /** The tag MLflow clients use to carry the user who started a run. */
    static final String USER_TAG = "mlflow.user";

    private static final String RUN_COLUMNS = "r.run_uuid, r.run_name, r.experiment_id, r.user_id, r.status, "
            + "r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage";
    private static final String EXPERIMENT_COLUMNS = "e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage, "
            + "e.creation_time, e.last_update_time";
    /** The order of a metric's history: by step, then timestamp, then value. */
    private static final Comparator<Metric> HISTORY_ORDER = Comparator.comparingLong(Metric::step)
            .thenComparingLong(Metric::timestamp).thenComparingDouble(Metric::value);
    /** Most values bound in one IN list, well under both databases' limits. */
    private static final int IN_LIST_CHUNK = 1000;

    private final Database database;
    private final String defaultArtifactRoot;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    JdbcTrackingStore(Database database, String defaultArtifactRoot, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.defaultArtifactRoot = requireNonNull(defaultArtifactRoot, "defaultArtifactRoot is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Creates MLflow's experiment 0, "Default", if the database does not have it yet. */
    void ensureDefaultExperiment() {
        database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM experiments WHERE experiment_id = 0");
                 ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    return null;
                }
            }
            long now = clock.millis();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO experiments "
                    + "(experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) "
                    + "VALUES (0, 'Default', ?, ?, ?, ?)")) {
                insert.setString(1, defaultArtifactRoot + "/0");
                insert.setString(2, LifecycleStage.ACTIVE.wireName());
                insert.setLong(3, now);
                insert.setLong(4, now);
                insert.executeUpdate();
            }
            return null;
        });
    }

    // ---- experiments ----

    @Override
    public String createExperiment(String name, Optional<String> artifactLocation, List<Tag> tags) {
        checkExperimentName(name);
        // Room for "/<run id>/artifacts" below it, so that every run's artifact URI fits too.
        artifactLocation.ifPresent(location -> TrackingLimits.checkLength("artifact_location", location,
                TrackingLimits.MAX_ARTIFACT_URI_LENGTH - 43));
        tags.forEach(TrackingLimits::checkTag);
        return database.inTransaction(connection -> {
            long now = clock.millis();
            long id;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO experiments "
                    + "(name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (?, ?, ?, ?, ?)",
                    new String[] {"experiment_id"})) {
                insert.setString(1, name);
                insert.setString(2, artifactLocation.orElse(""));
                insert.setString(3, LifecycleStage.ACTIVE.wireName());
                insert.setLong(4, now);
                insert.setLong(5, now);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            } catch (SQLException e) {
                if (database.dialect().isUniqueViolation(e)) {
                    throw CairnException.alreadyExists("An experiment named '" + name + "' already exists");
                }
                throw e;
            }
            if (artifactLocation.isEmpty()) {
                // The default location holds the id, which exists only after the insert.
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?")) {
                    update.setString(1, defaultArtifactRoot + "/" + id);
                    update.setLong(2, id);
                    update.executeUpdate();
                }
            }
            for (Tag tag : tags) {
                upsertExperimentTag(connection, id, tag);
            }
            return Long.toString(id);
        });
    }

    @Override
    public Experiment getExperiment(String experimentId) {
        long id = parseExperimentId(experimentId);
        return database.read(connection -> {
            List<Experiment> found = selectExperiments(connection,
                    new SqlQuery().append("SELECT " + EXPERIMENT_COLUMNS + " FROM experiments e WHERE e.experiment_id = ?", id));
            if (found.isEmpty()) {
                throw CairnException.notFound("No experiment with id " + experimentId + " exists");
            }
            return found.get(0);
        });
    }

    @Override
    public Experiment getExperimentByName(String name) {
        return database.read(connection -> {
            List<Experiment> found = selectExperiments(connection,
                    new SqlQuery().append("SELECT " + EXPERIMENT_COLUMNS + " FROM experiments e WHERE e.name = ?", name));
            if (found.isEmpty()) {
                throw CairnException.notFound("No experiment named '" + name + "' exists");
            }
            return found.get(0);
        });
    }

    @Override
    public Page<Experiment> searchExperiments(ExperimentSearch search) {
        int offset = PageToken.decode(search.pageToken());
        SqlQuery query = SearchSql.experiments(database.dialect(), search, EXPERIMENT_COLUMNS, offset);
        return database.read(connection -> {
            List<Experiment> found = selectExperiments(connection, query);
            return PageToken.page(found, search.maxResults(), offset);
        });
    }

    @Override
    public void renameExperiment(String experimentId, String newName) {
        checkExperimentName(newName);
        long id = parseExperimentId(experimentId);
        database.inTransaction(connection -> {
            Experiment experiment = lockExperiment(connection, id);
            if (experiment.lifecycleStage() != LifecycleStage.ACTIVE) {
                throw CairnException.invalidParameter("Cannot rename experiment " + experimentId
                        + ": it is deleted; restore it first");
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?")) {
                update.setString(1, newName);
                update.setLong(2, clock.millis());
                update.setLong(3, id);
                update.executeUpdate();
            } catch (SQLException e) {
                if (database.dialect().isUniqueViolation(e)) {
                    throw CairnException.alreadyExists("An experiment named '" + newName + "' already exists");
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public void deleteExperiment(String experimentId) {
        long id = parseExperimentId(experimentId);
        if (id == 0) {
            throw CairnException.invalidParameter("The default experiment (id 0) cannot be deleted");
        }
        database.inTransaction(connection -> {
            Experiment experiment = lockExperiment(connection, id);
            if (experiment.lifecycleStage() == LifecycleStage.DELETED) {
                throw CairnException.invalidParameter("Experiment " + experimentId + " is already deleted");
            }
            long now = clock.millis();
            setExperimentStage(connection, id, LifecycleStage.DELETED, now);
            // Runs deleted with the experiment are marked, so a restore brings back exactly those
            // and leaves runs that were deleted on their own.
            try (PreparedStatement update = connection.prepareStatement("UPDATE runs SET lifecycle_stage = ?, deleted_time = ?, "
                    + "deleted_with_experiment = TRUE WHERE experiment_id = ? AND lifecycle_stage = ?")) {
                update.setString(1, LifecycleStage.DELETED.wireName());
                update.setLong(2, now);
                update.setLong(3, id);
                update.setString(4, LifecycleStage.ACTIVE.wireName());
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void restoreExperiment(String experimentId) {
        long id = parseExperimentId(experimentId);
        database.inTransaction(connection -> {
            Experiment experiment = lockExperiment(connection, id);
            if (experiment.lifecycleStage() == LifecycleStage.ACTIVE) {
                throw CairnException.invalidParameter("Experiment " + experimentId + " is not deleted");
            }
            setExperimentStage(connection, id, LifecycleStage.ACTIVE, clock.millis());
            try (PreparedStatement update = connection.prepareStatement("UPDATE runs SET lifecycle_stage = ?, deleted_time = NULL, "
                    + "deleted_with_experiment = FALSE WHERE experiment_id = ? AND deleted_with_experiment = TRUE")) {
                update.setString(1, LifecycleStage.ACTIVE.wireName());
                update.setLong(2, id);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void setExperimentTag(String experimentId, Tag tag) {
        TrackingLimits.checkTag(tag);
        long id = parseExperimentId(experimentId);
        database.inTransaction(connection -> {
            Experiment experiment = lockExperiment(connection, id);
            if (experiment.lifecycleStage() != LifecycleStage.ACTIVE) {
                throw CairnException.invalidParameter("Cannot tag experiment " + experimentId + ": it is deleted");
            }
            upsertExperimentTag(connection, id, tag);
            return null;
        });
    }

    // ---- runs ----

    @Override
    public Run createRun(NewRun newRun) {
        newRun.tags().forEach(TrackingLimits::checkTag);
        long experimentId = parseExperimentId(newRun.experimentId());
        Map<String, String> tags = new LinkedHashMap<>();
        newRun.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        String runName = newRun.runName().filter(name -> !name.isEmpty())
                .or(() -> Optional.ofNullable(tags.get(RUN_NAME_TAG)))
                .orElseGet(() -> RunNames.generate(random));
        TrackingLimits.checkLength("run name", runName, TrackingLimits.MAX_RUN_NAME_LENGTH);
        tags.put(RUN_NAME_TAG, runName);
        String userId = newRun.userId().isEmpty() ? tags.getOrDefault(USER_TAG, "unknown") : newRun.userId();
        TrackingLimits.checkLength("user_id", userId, TrackingLimits.MAX_USER_ID_LENGTH);
        String runId = UUID.randomUUID().toString().replace("-", "");
        return database.inTransaction(connection -> {
            Experiment experiment = lockExperiment(connection, experimentId);
            if (experiment.lifecycleStage() != LifecycleStage.ACTIVE) {
                throw CairnException.invalidParameter("Cannot create a run in experiment " + experiment.experimentId()
                        + " ('" + experiment.name() + "'): it is deleted");
            }
            String artifactUri = experiment.artifactLocation() + "/" + runId + "/artifacts";
            if (artifactUri.length() > TrackingLimits.MAX_ARTIFACT_URI_LENGTH) {
                throw CairnException.invalidParameter("The run's artifact URI under the experiment's artifact location would have "
                        + artifactUri.length() + " characters; at most " + TrackingLimits.MAX_ARTIFACT_URI_LENGTH
                        + " are allowed. Use an experiment with a shorter artifact_location");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runs (run_uuid, experiment_id, run_name, "
                    + "user_id, status, start_time, end_time, artifact_uri, lifecycle_stage) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)")) {
                insert.setString(1, runId);
                insert.setLong(2, experimentId);
                insert.setString(3, runName);
                insert.setString(4, userId);
                insert.setString(5, RunStatus.RUNNING.name());
                insert.setLong(6, newRun.startTime());
                insert.setString(7, artifactUri);
                insert.setString(8, LifecycleStage.ACTIVE.wireName());
                insert.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO run_tags (run_uuid, tag_key, tag_value) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> tag : tags.entrySet()) {
                    insert.setString(1, runId);
                    insert.setString(2, tag.getKey());
                    insert.setString(3, tag.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return readRuns(connection, List.of(runId)).get(0);
        });
    }

    @Override
    public Run getRun(String runId) {
        return database.read(connection -> {
            List<Run> runs = readRuns(connection, List.of(runId));
            if (runs.isEmpty()) {
                throw runNotFound(runId);
            }
            return runs.get(0);
        });
    }

    @Override
    public RunInfo updateRun(String runId, RunUpdate update) {
        update.runName().ifPresent(name -> TrackingLimits.checkLength("run name", name, TrackingLimits.MAX_RUN_NAME_LENGTH));
        return database.inTransaction(connection -> {
            RunInfo info = lockRun(connection, runId);
            if (info.lifecycleStage() != LifecycleStage.ACTIVE) {
                throw runNotActive(runId);
            }
            SqlQuery sql = new SqlQuery().append("UPDATE runs SET run_uuid = run_uuid");
            update.status().ifPresent(status -> sql.append(", status = ?", status.name()));
            if (update.endTime().isPresent()) {
                sql.append(", end_time = ?", update.endTime().getAsLong());
            }
            update.runName().filter(name -> !name.isEmpty()).ifPresent(name -> sql.append(", run_name = ?", name));
            sql.append(" WHERE run_uuid = ?", runId);
            try (PreparedStatement statement = sql.prepare(connection)) {
                statement.executeUpdate();
            }
            if (update.runName().filter(name -> !name.isEmpty()).isPresent()) {
                upsertRunTags(connection, runId, List.of(new Tag(RUN_NAME_TAG, update.runName().get())));
            }
            return lockRun(connection, runId);
        });
    }

    @Override
    public void deleteRun(String runId) {
        setRunStage(runId, LifecycleStage.DELETED);
    }

    @Override
    public void restoreRun(String runId) {
        setRunStage(runId, LifecycleStage.ACTIVE);
    }

    @Override
    public void logBatch(String runId, LogBatch batch) {
        database.inTransaction(connection -> {
            RunInfo info = lockRun(connection, runId);
            if (info.lifecycleStage() != LifecycleStage.ACTIVE) {
                throw runNotActive(runId);
            }
            insertParams(connection, runId, batch.params());
            upsertRunTags(connection, runId, batch.tags());
            insertMetrics(connection, runId, batch.metrics());
            return null;
        });
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        database.inTransaction(connection -> {
            RunInfo info = lockRun(connection, runId);
            if (info.lifecycleStage() != LifecycleStage.ACTIVE) {
                throw runNotActive(runId);
            }
            try (PreparedStatement exists = connection.prepareStatement(
                    "SELECT 1 FROM run_inputs WHERE run_uuid = ? AND dataset_name = ? AND digest = ?");
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO run_inputs (run_uuid, dataset_name, digest, "
                         + "source_type, source, dataset_schema, profile, input_tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (DatasetInput input : inputs) {
                    Dataset dataset = input.dataset();
                    exists.setString(1, runId);
                    exists.setString(2, dataset.name());
                    exists.setString(3, dataset.digest());
                    try (ResultSet found = exists.executeQuery()) {
                        if (found.next()) {
                            continue;
                        }
                    }
                    insert.setString(1, runId);
                    insert.setString(2, dataset.name());
                    insert.setString(3, dataset.digest());
                    insert.setString(4, dataset.sourceType());
                    insert.setString(5, dataset.source());
                    insert.setString(6, dataset.schema().orElse(null));
                    insert.setString(7, dataset.profile().orElse(null));
                    insert.setString(8, InputTags.write(input.tags()));
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public void deleteTag(String runId, String key) {
        database.inTransaction(connection -> {
            RunInfo info = lockRun(connection, runId);
            if (info.lifecycleStage() != LifecycleStage.ACTIVE) {
                throw runNotActive(runId);
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM run_tags WHERE run_uuid = ? AND tag_key = ?")) {
                delete.setString(1, runId);
                delete.setString(2, key);
                if (delete.executeUpdate() == 0) {
                    throw CairnException.notFound("Run " + runId + " has no tag '" + key + "'");
                }
            }
            return null;
        });
    }

    @Override
    public Page<Metric> getMetricHistory(String runId, String metricKey, int maxResults, Optional<String> pageToken) {
        int offset = PageToken.decode(pageToken);
        return database.read(connection -> {
            if (readRunInfos(connection, List.of(runId)).isEmpty()) {
                throw runNotFound(runId);
            }
            List<Metric> points = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT points FROM metric_chunks WHERE run_uuid = ? AND metric_key = ?")) {
                select.setString(1, runId);
                select.setString(2, metricKey);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        MetricChunk.decode(metricKey, rows.getBytes(1), points);
                    }
                }
            }
            points.sort(HISTORY_ORDER);
            int from = Math.min(offset, points.size());
            List<Metric> window = points.subList(from, (int) Math.min(points.size(), (long) offset + maxResults + 1));
            return PageToken.page(window, maxResults, offset);
        });
    }

    @Override
    public Page<Run> searchRuns(RunSearch search) {
        int offset = PageToken.decode(search.pageToken());
        List<Long> experimentIds = new ArrayList<>();
        for (String id : search.experimentIds()) {
            experimentIds.add(parseExperimentId(id));
        }
        Dialect dialect = database.dialect();
        // One more than a page, to tell whether a next page exists.
        int wanted = search.maxResults() + 1;
        return database.read(connection -> {
            List<String> runIds;
            if (SearchSql.splitSortKey(search).isEmpty()) {
                runIds = selectRunIds(connection, SearchSql.runs(dialect, search, experimentIds, SearchSql.RunPart.ALL, offset, wanted));
            } else {
                runIds = selectRunIds(connection, SearchSql.runs(dialect, search, experimentIds, SearchSql.RunPart.WITH_SORT_KEY, offset, wanted));
                if (runIds.size() < wanted) {
                    // The page reaches past the runs with the key. If it held some, the rest start at the first run
                    // without it; if none, the offset is beyond them all and only their count tells how far.
                    long withKey = runIds.isEmpty()
                            ? countRows(connection, SearchSql.countRuns(dialect, search, experimentIds, SearchSql.RunPart.WITH_SORT_KEY))
                            : offset + runIds.size();
                    int restOffset = (int) Math.max(0, offset - withKey);
                    runIds.addAll(selectRunIds(connection, SearchSql.runs(dialect, search, experimentIds,
                            SearchSql.RunPart.WITHOUT_SORT_KEY, restOffset, wanted - runIds.size())));
                }
            }
            return PageToken.page(readRuns(connection, runIds), search.maxResults(), offset);
        });
    }

    private static List<String> selectRunIds(Connection connection, SqlQuery query) throws SQLException {
        List<String> runIds = new ArrayList<>();
        query.forEachRow(connection, rows -> runIds.add(rows.getString(1)));
        return runIds;
    }

    private static long countRows(Connection connection, SqlQuery query) throws SQLException {
        long[] count = {0};
        query.forEachRow(connection, rows -> count[0] = rows.getLong(1));
        return count[0];
    }

    // ---- writes of run data ----

    private void insertParams(Connection connection, String runId, List<Param> params) throws SQLException {
        if (params.isEmpty()) {
            return;
        }
        Map<String, String> existing = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT param_key, param_value FROM params WHERE run_uuid = ?")) {
            select.setString(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    existing.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO params (run_uuid, param_key, param_value) VALUES (?, ?, ?)")) {
            boolean any = false;
            for (Param param : params) {
                String logged = existing.putIfAbsent(param.key(), param.value());
                if (logged == null) {
                    insert.setString(1, runId);
                    insert.setString(2, param.key());
                    insert.setString(3, param.value());
                    insert.addBatch();
                    any = true;
                } else if (!logged.equals(param.value())) {
                    throw CairnException.invalidParameter("Changing param values is not allowed. Param '" + param.key()
                            + "' of run " + runId + " was already logged with value '" + TrackingLimits.abbreviate(logged)
                            + "'; the new value is '" + TrackingLimits.abbreviate(param.value()) + "'");
                }
            }
            if (any) {
                insert.executeBatch();
            }
        }
    }

    private void upsertRunTags(Connection connection, String runId, List<Tag> tags) throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        Map<String, String> latest = new LinkedHashMap<>();
        tags.forEach(tag -> latest.put(tag.key(), tag.value()));
        List<String> existing = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT tag_key FROM run_tags WHERE run_uuid = ?")) {
            select.setString(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    existing.add(rows.getString(1));
                }
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE run_tags SET tag_value = ? WHERE run_uuid = ? AND tag_key = ?");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO run_tags (run_uuid, tag_key, tag_value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> tag : latest.entrySet()) {
                PreparedStatement statement = existing.contains(tag.getKey()) ? update : insert;
                if (statement == update) {
                    update.setString(1, tag.getValue());
                    update.setString(2, runId);
                    update.setString(3, tag.getKey());
                } else {
                    insert.setString(1, runId);
                    insert.setString(2, tag.getKey());
                    insert.setString(3, tag.getValue());
                }
                statement.addBatch();
            }
            update.executeBatch();
            insert.executeBatch();
        }
        String newName = latest.get(RUN_NAME_TAG);
        if (newName != null) {
            TrackingLimits.checkLength("run name", newName, TrackingLimits.MAX_RUN_NAME_LENGTH);
            try (PreparedStatement rename = connection.prepareStatement("UPDATE runs SET run_name = ? WHERE run_uuid = ?")) {
                rename.setString(1, newName);
                rename.setString(2, runId);
                rename.executeUpdate();
            }
        }
    }

    private void insertMetrics(Connection connection, String runId, List<Metric> metrics) throws SQLException {
        if (metrics.isEmpty()) {
            return;
        }
        Map<String, List<Metric>> byKey = new LinkedHashMap<>();
        Map<String, Metric> batchLatest = new HashMap<>();
        for (Metric metric : metrics) {
            byKey.computeIfAbsent(metric.key(), key -> new ArrayList<>()).add(metric);
            batchLatest.merge(metric.key(), metric, (kept, candidate) -> candidate.isLaterThan(kept) ? candidate : kept);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO metric_chunks (run_uuid, metric_key, point_count, points) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, List<Metric>> chunk : byKey.entrySet()) {
                insert.setString(1, runId);
                insert.setString(2, chunk.getKey());
                insert.setInt(3, chunk.getValue().size());
                insert.setBytes(4, MetricChunk.encode(chunk.getValue()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        Map<String, Metric> stored = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT metric_key, metric_value, metric_timestamp, step "
                + "FROM latest_metrics WHERE run_uuid = ?")) {
            select.setString(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getString(1), new Metric(rows.getString(1), metricValue(rows, 2), rows.getLong(3), rows.getLong(4)));
                }
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE latest_metrics SET metric_value = ?, "
                + "metric_timestamp = ?, step = ? WHERE run_uuid = ? AND metric_key = ?");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO latest_metrics "
                     + "(metric_value, metric_timestamp, step, run_uuid, metric_key) VALUES (?, ?, ?, ?, ?)")) {
            boolean anyUpdate = false;
            boolean anyInsert = false;
            for (Metric candidate : batchLatest.values()) {
                Metric current = stored.get(candidate.key());
                if (current != null && !candidate.isLaterThan(current)) {
                    continue;
                }
                PreparedStatement statement = current == null ? insert : update;
                setMetricValue(statement, 1, candidate.value());
                statement.setLong(2, candidate.timestamp());
                statement.setLong(3, candidate.step());
                statement.setString(4, runId);
                statement.setString(5, candidate.key());
                statement.addBatch();
                anyUpdate |= current != null;
                anyInsert |= current == null;
            }
            if (anyUpdate) {
                update.executeBatch();
            }
            if (anyInsert) {
                insert.executeBatch();
            }
        }
    }

    // ---- reads ----

    private List<Run> readRuns(Connection connection, List<String> runIds) throws SQLException {
        List<RunInfo> infos = readRunInfos(connection, runIds);
        Map<String, List<Metric>> metrics = new HashMap<>();
        Map<String, List<Param>> params = new HashMap<>();
        Map<String, List<Tag>> tags = new HashMap<>();
        Map<String, List<DatasetInput>> inputs = new HashMap<>();
        for (List<String> chunk : chunks(runIds)) {
            forEachRow(connection, new SqlQuery().append("SELECT run_uuid, dataset_name, digest, source_type, source, dataset_schema, "
                    + "profile, input_tags FROM run_inputs WHERE run_uuid IN ").appendList(chunk).append(" ORDER BY dataset_name, digest"), rows ->
                    inputs.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(new DatasetInput(
                            new Dataset(rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                                    Optional.ofNullable(rows.getString(6)), Optional.ofNullable(rows.getString(7))),
                            InputTags.read(rows.getString(8)))));
            forEachRow(connection, new SqlQuery().append("SELECT run_uuid, metric_key, metric_value, metric_timestamp, step "
                    + "FROM latest_metrics WHERE run_uuid IN ").appendList(chunk).append(" ORDER BY metric_key"), rows ->
                    metrics.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
                            .add(new Metric(rows.getString(2), metricValue(rows, 3), rows.getLong(4), rows.getLong(5))));
            forEachRow(connection, new SqlQuery().append("SELECT run_uuid, param_key, param_value FROM params WHERE run_uuid IN ")
                    .appendList(chunk).append(" ORDER BY param_key"), rows ->
                    params.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
                            .add(new Param(rows.getString(2), rows.getString(3))));
            forEachRow(connection, new SqlQuery().append("SELECT run_uuid, tag_key, tag_value FROM run_tags WHERE run_uuid IN ")
                    .appendList(chunk).append(" ORDER BY tag_key"), rows ->
                    tags.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
                            .add(new Tag(rows.getString(2), rows.getString(3))));
        }
        List<Run> runs = new ArrayList<>(infos.size());
        for (RunInfo info : infos) {
            runs.add(new Run(info,
                    metrics.getOrDefault(info.runId(), List.of()),
                    params.getOrDefault(info.runId(), List.of()),
                    tags.getOrDefault(info.runId(), List.of()),
                    inputs.getOrDefault(info.runId(), List.of())));
        }
        return runs;
    }

    /** The infos of the runs, in the order of the ids given; unknown ids are skipped. */
    private List<RunInfo> readRunInfos(Connection connection, List<String> runIds) throws SQLException {
        Map<String, RunInfo> byId = new HashMap<>();
        for (List<String> chunk : chunks(runIds)) {
            forEachRow(connection, new SqlQuery().append("SELECT " + RUN_COLUMNS + " FROM runs r WHERE r.run_uuid IN ").appendList(chunk),
                    rows -> byId.put(rows.getString(1), toRunInfo(rows)));
        }
        List<RunInfo> infos = new ArrayList<>(byId.size());
        for (String id : runIds) {
            RunInfo info = byId.get(id);
            if (info != null) {
                infos.add(info);
            }
        }
        return infos;
    }

    private RunInfo lockRun(Connection connection, String runId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs r WHERE r.run_uuid = ?" + database.dialect().forUpdate())) {
            select.setString(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw runNotFound(runId);
                }
                return toRunInfo(rows);
            }
        }
    }

    private void setRunStage(String runId, LifecycleStage stage) {
        database.inTransaction(connection -> {
            RunInfo info = lockRun(connection, runId);
            if (info.lifecycleStage() == stage) {
                throw CairnException.invalidParameter("Run " + runId + " is already " + stage.wireName());
            }
            if (stage == LifecycleStage.ACTIVE) {
                Experiment experiment = lockExperiment(connection, Long.parseLong(info.experimentId()));
                if (experiment.lifecycleStage() != LifecycleStage.ACTIVE) {
                    throw CairnException.invalidParameter("Cannot restore run " + runId + ": its experiment "
                            + experiment.experimentId() + " is deleted; restore the experiment first");
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE runs SET lifecycle_stage = ?, deleted_time = ?, deleted_with_experiment = FALSE WHERE run_uuid = ?")) {
                update.setString(1, stage.wireName());
                if (stage == LifecycleStage.DELETED) {
                    update.setLong(2, clock.millis());
                } else {
                    update.setNull(2, Types.BIGINT);
                }
                update.setString(3, runId);
                update.executeUpdate();
            }
            return null;
        });
    }

    private Experiment lockExperiment(Connection connection, long id) throws SQLException {
        List<Experiment> found = selectExperiments(connection, new SqlQuery()
                .append("SELECT " + EXPERIMENT_COLUMNS + " FROM experiments e WHERE e.experiment_id = ?" + database.dialect().forUpdate(), id));
        if (found.isEmpty()) {
            throw CairnException.notFound("No experiment with id " + id + " exists");
        }
        return found.get(0);
    }

    private void setExperimentStage(Connection connection, long id, LifecycleStage stage, long now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?")) {
            update.setString(1, stage.wireName());
            update.setLong(2, now);
            update.setLong(3, id);
            update.executeUpdate();
        }
    }

    private void upsertExperimentTag(Connection connection, long id, Tag tag) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE experiment_tags SET tag_value = ? WHERE experiment_id = ? AND tag_key = ?")) {
            update.setString(1, tag.value());
            update.setLong(2, id);
            update.setString(3, tag.key());
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO experiment_tags (experiment_id, tag_key, tag_value) VALUES (?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, tag.key());
            insert.setString(3, tag.value());
            insert.executeUpdate();
        }
    }

    private List<Experiment> selectExperiments(Connection connection, SqlQuery query) throws SQLException {
        List<String> ids = new ArrayList<>();
        Map<String, Experiment> byId = new LinkedHashMap<>();
        forEachRow(connection, query, rows -> {
            String id = Long.toString(rows.getLong(1));
            ids.add(id);
            byId.put(id, new Experiment(id, rows.getString(2), rows.getString(3),
                    LifecycleStage.fromWireName(rows.getString(4)), rows.getLong(5), rows.getLong(6), List.of()));
        });
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, List<Tag>> tags = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            List<Long> numericIds = chunk.stream().map(Long::parseLong).toList();
            forEachRow(connection, new SqlQuery().append("SELECT experiment_id, tag_key, tag_value FROM experiment_tags "
                    + "WHERE experiment_id IN ").appendList(numericIds).append(" ORDER BY tag_key"), rows ->
                    tags.computeIfAbsent(Long.toString(rows.getLong(1)), id -> new ArrayList<>())
                            .add(new Tag(rows.getString(2), rows.getString(3))));
        }
        List<Experiment> experiments = new ArrayList<>(ids.size());
        for (String id : ids) {
            Experiment bare = byId.get(id);
            experiments.add(new Experiment(bare.experimentId(), bare.name(), bare.artifactLocation(), bare.lifecycleStage(),
                    bare.creationTime(), bare.lastUpdateTime(), tags.getOrDefault(id, List.of())));
        }
        return experiments;
    }

    private static RunInfo toRunInfo(ResultSet rows) throws SQLException {
        long endTime = rows.getLong(7);
        OptionalLong end = rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(endTime);
        return new RunInfo(rows.getString(1), rows.getString(2), Long.toString(rows.getLong(3)), rows.getString(4),
                RunStatus.valueOf(rows.getString(5)), rows.getLong(6), end, rows.getString(8),
                LifecycleStage.fromWireName(rows.getString(9)));
    }

    /** Binds a latest metric's value; NaN is stored as NULL on every database, as SQLite can only store it so. */
    private static void setMetricValue(PreparedStatement statement, int index, double value) throws SQLException {
        if (Double.isNaN(value)) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    /** Reads a latest metric's value, NULL being NaN. */
    private static double metricValue(ResultSet rows, int index) throws SQLException {
        double value = rows.getDouble(index);
        return rows.wasNull() ? Double.NaN : value;
    }

    private static void forEachRow(Connection connection, SqlQuery query, SqlQuery.RowReader reader) throws SQLException {
        query.forEachRow(connection, reader);
    }

    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int start = 0; start < ids.size(); start += IN_LIST_CHUNK) {
            chunks.add(ids.subList(start, Math.min(ids.size(), start + IN_LIST_CHUNK)));
        }
        return chunks;
    }

    private static long parseExperimentId(String experimentId) {
        try {
            return Long.parseLong(experimentId);
        } catch (NumberFormatException e) {
            throw CairnException.notFound("No experiment with id '" + experimentId + "' exists: experiment ids are integers");
        }
    }

    private static void checkExperimentName(String name) {
        TrackingLimits.checkName("experiment name", name, TrackingLimits.MAX_EXPERIMENT_NAME_LENGTH);
    }

    private static CairnException runNotFound(String runId) {
        return CairnException.notFound("Run '" + runId + "' not found");
    }

    private static CairnException runNotActive(String runId) {
        return CairnException.invalidParameter("The run " + runId + " must be in the 'active' state to be changed; it is deleted");
    }
}
