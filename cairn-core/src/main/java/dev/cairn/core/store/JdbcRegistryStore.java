package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.registry.ModelAlias;
import dev.cairn.core.registry.ModelFile;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.registry.ModelVersionStatus;
import dev.cairn.core.registry.NewModelVersion;
import dev.cairn.core.registry.RegisteredModel;
import dev.cairn.core.registry.RegistrationOutcome;
import dev.cairn.core.registry.RegistrySearch;
import dev.cairn.core.registry.RegistryStore;
import dev.cairn.core.registry.Stage;
import dev.cairn.core.tracking.LifecycleStage;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.Tag;
import dev.cairn.core.tracking.TrackingLimits;
import dev.cairn.core.tracking.search.Comparison;
import dev.cairn.core.tracking.search.EntityType;
import dev.cairn.core.tracking.search.Operator;
import dev.cairn.core.tracking.search.OrderBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The {@link RegistryStore} on a JDBC database (SQLite or PostgreSQL). */
final class JdbcRegistryStore implements RegistryStore {
    private static final int MAX_NAME_LENGTH = 256;
    private static final int MAX_DESCRIPTION_LENGTH = 5000;
    private static final String VERSION_COLUMNS = "m.name, v.version, v.creation_time, v.last_updated_time, v.description, "
            + "v.user_id, v.source, v.run_id, v.status, v.status_message, v.stage, v.model_id";
    private static final Map<String, String> MODEL_ORDER_COLUMNS = Map.of(
            "name", "m.name", "creation_timestamp", "m.creation_time", "last_updated_timestamp", "m.last_updated_time");
    private static final Map<String, String> VERSION_ORDER_COLUMNS = Map.of(
            "name", "m.name", "version_number", "v.version",
            "creation_timestamp", "v.creation_time", "last_updated_timestamp", "v.last_updated_time");

    private final Database database;
    private final Clock clock;

    JdbcRegistryStore(Database database, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    // ---- registered models ----

    @Override
    public RegisteredModel createRegisteredModel(String name, String description, List<Tag> tags) {
        checkName(name);
        TrackingLimits.checkLength("description", description, MAX_DESCRIPTION_LENGTH);
        tags.forEach(TrackingLimits::checkTag);
        return database.inTransaction(connection -> {
            long now = clock.millis();
            try {
                new SqlQuery().append("INSERT INTO registered_models (name, description, creation_time, last_updated_time) "
                        + "VALUES (?, ?, ?, ?)", name, description, now, now).update(connection);
            } catch (SQLException e) {
                if (database.dialect().isUniqueViolation(e)) {
                    throw CairnException.alreadyExists("Registered model '" + name + "' already exists");
                }
                throw e;
            }
            long id = modelId(connection, name, false);
            for (Tag tag : tags) {
                upsertTag(connection, "registered_model_tags", "model_id = ?", List.of(id),
                        new SqlQuery().append("INSERT INTO registered_model_tags (model_id, tag_key, tag_value) VALUES (?, ?, ?)", id, tag.key(), tag.value()),
                        tag);
            }
            return readModel(connection, id);
        });
    }

    @Override
    public RegisteredModel getRegisteredModel(String name) {
        return database.read(connection -> readModel(connection, modelId(connection, name, false)));
    }

    @Override
    public RegisteredModel renameRegisteredModel(String name, String newName) {
        checkName(newName);
        return database.inTransaction(connection -> {
            long id = modelId(connection, name, true);
            try {
                new SqlQuery().append("UPDATE registered_models SET name = ?, last_updated_time = ? WHERE model_id = ?",
                        newName, clock.millis(), id).update(connection);
            } catch (SQLException e) {
                if (database.dialect().isUniqueViolation(e)) {
                    throw CairnException.alreadyExists("Registered model '" + newName + "' already exists");
                }
                throw e;
            }
            return readModel(connection, id);
        });
    }

    @Override
    public RegisteredModel updateRegisteredModel(String name, String description) {
        TrackingLimits.checkLength("description", description, MAX_DESCRIPTION_LENGTH);
        return database.inTransaction(connection -> {
            long id = modelId(connection, name, true);
            new SqlQuery().append("UPDATE registered_models SET description = ?, last_updated_time = ? WHERE model_id = ?",
                    description, clock.millis(), id).update(connection);
            return readModel(connection, id);
        });
    }

    @Override
    public void deleteRegisteredModel(String name) {
        database.inTransaction(connection -> {
            long id = modelId(connection, name, true);
            for (String table : List.of("model_aliases", "model_version_tags", "model_version_files", "model_versions", "registered_model_tags",
                    "registered_models")) {
                new SqlQuery().append("DELETE FROM " + table + " WHERE model_id = ?", id).update(connection);
            }
            return null;
        });
    }

    @Override
    public Page<RegisteredModel> searchRegisteredModels(RegistrySearch search) {
        int offset = PageToken.decode(search.pageToken());
        SqlQuery query = new SqlQuery().append("SELECT m.model_id FROM registered_models m WHERE 1 = 1");
        appendFilter(database.dialect(), query, search, "registered_model_tags", "t.model_id = m.model_id", Map.of("name", "m.name"));
        query.append(" ORDER BY " + orderColumns(search.orderBy(), MODEL_ORDER_COLUMNS, "m.name ASC") + ", m.model_id ASC");
        query.append(" LIMIT ? OFFSET ?", search.maxResults() + 1, offset);
        return database.read(connection -> {
            List<Long> ids = new ArrayList<>();
            query.forEachRow(connection, rows -> ids.add(rows.getLong(1)));
            List<RegisteredModel> models = new ArrayList<>();
            for (long id : ids) {
                models.add(readModel(connection, id));
            }
            return PageToken.page(models, search.maxResults(), offset);
        });
    }

    @Override
    public void setRegisteredModelTag(String name, Tag tag) {
        TrackingLimits.checkTag(tag);
        database.inTransaction(connection -> {
            long id = modelId(connection, name, true);
            upsertTag(connection, "registered_model_tags", "model_id = ?", List.of(id),
                    new SqlQuery().append("INSERT INTO registered_model_tags (model_id, tag_key, tag_value) VALUES (?, ?, ?)", id, tag.key(), tag.value()),
                    tag);
            return null;
        });
    }

    @Override
    public void deleteRegisteredModelTag(String name, String key) {
        database.inTransaction(connection -> {
            long id = modelId(connection, name, true);
            if (new SqlQuery().append("DELETE FROM registered_model_tags WHERE model_id = ? AND tag_key = ?", id, key).update(connection) == 0) {
                throw CairnException.notFound("Registered model '" + name + "' has no tag '" + key + "'");
            }
            return null;
        });
    }

    // ---- versions ----

    @Override
    public ModelVersion createModelVersion(NewModelVersion version) {
        TrackingLimits.checkLength("description", version.description(), MAX_DESCRIPTION_LENGTH);
        TrackingLimits.checkLength("source", version.source(), 2000);
        TrackingLimits.checkLength("user_id", version.userId(), TrackingLimits.MAX_USER_ID_LENGTH);
        version.tags().forEach(TrackingLimits::checkTag);
        if (version.source().isBlank()) {
            throw CairnException.invalidParameter("A model version needs a source: the URI of its files");
        }
        return database.inTransaction(connection -> {
            // Locking the model's row serializes version numbering per model.
            long id = modelId(connection, version.name(), true);
            if (version.runId().isPresent()) {
                requireActiveRun(connection, version.runId().get());
            }
            int[] next = {1};
            new SqlQuery().append("SELECT MAX(version) FROM model_versions WHERE model_id = ?", id)
                    .forEachRow(connection, rows -> next[0] = rows.getInt(1) + 1);
            long now = clock.millis();
            new SqlQuery().append("INSERT INTO model_versions (model_id, version, creation_time, last_updated_time, description, "
                    + "user_id, source, run_id, status, status_message, stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, next[0], now, now, version.description(), version.userId(), version.source(), version.runId().orElse(null),
                    ModelVersionStatus.PENDING_REGISTRATION.name(), "", Stage.NONE.displayName()).update(connection);
            for (Tag tag : version.tags()) {
                new SqlQuery().append("INSERT INTO model_version_tags (model_id, version, tag_key, tag_value) VALUES (?, ?, ?, ?)",
                        id, next[0], tag.key(), tag.value()).update(connection);
            }
            new SqlQuery().append("UPDATE registered_models SET last_updated_time = ? WHERE model_id = ?", now, id).update(connection);
            return readVersion(connection, id, version.name(), next[0]);
        });
    }

    @Override
    public ModelVersion finishRegistration(String name, int version, RegistrationOutcome outcome) {
        String message = outcome.message();
        String trimmed = message.length() > MAX_DESCRIPTION_LENGTH ? message.substring(0, MAX_DESCRIPTION_LENGTH) : message;
        return database.inTransaction(connection -> {
            long id = modelId(connection, name, true);
            readVersion(connection, id, name, version);
            new SqlQuery().append("UPDATE model_versions SET status = ?, status_message = ?, last_updated_time = ? "
                    + "WHERE model_id = ? AND version = ?", outcome.status().name(), trimmed, clock.millis(), id, version).update(connection);
            new SqlQuery().append("DELETE FROM model_version_files WHERE model_id = ? AND version = ?", id, version).update(connection);
            for (ModelFile file : outcome.files()) {
                new SqlQuery().append("INSERT INTO model_version_files (model_id, version, file_path, size_bytes, digest) VALUES (?, ?, ?, ?, ?)",
                        id, version, file.path(), file.size(), file.digest()).update(connection);
            }
            return readVersion(connection, id, name, version);
        });
    }

    @Override
    public List<ModelFile> files(String name, int version) {
        return database.read(connection -> {
            long id = modelId(connection, name, false);
            readVersion(connection, id, name, version);
            List<ModelFile> files = new ArrayList<>();
            new SqlQuery().append("SELECT file_path, size_bytes, digest FROM model_version_files WHERE model_id = ? AND version = ? "
                    + "ORDER BY file_path", id, version)
                    .forEachRow(connection, rows -> files.add(new ModelFile(rows.getString(1), rows.getLong(2), rows.getString(3))));
            return files;
        });
    }

    @Override
    public ModelVersion getModelVersion(String name, int version) {
        return database.read(connection -> readVersion(connection, modelId(connection, name, false), name, version));
    }

    @Override
    public ModelVersion getModelVersionByAlias(String name, String alias) {
        return database.read(connection -> {
            long id = modelId(connection, name, false);
            int[] version = {0};
            new SqlQuery().append("SELECT version FROM model_aliases WHERE model_id = ? AND alias = ?", id, alias)
                    .forEachRow(connection, rows -> version[0] = rows.getInt(1));
            if (version[0] == 0) {
                throw CairnException.notFound("Registered model '" + name + "' has no alias '" + alias + "'");
            }
            return readVersion(connection, id, name, version[0]);
        });
    }

    @Override
    public ModelVersion updateModelVersion(String name, int version, String description) {
        TrackingLimits.checkLength("description", description, MAX_DESCRIPTION_LENGTH);
        return database.inTransaction(connection -> {
            long id = modelId(connection, name, true);
            readVersion(connection, id, name, version);
            new SqlQuery().append("UPDATE model_versions SET description = ?, last_updated_time = ? WHERE model_id = ? AND version = ?",
                    description, clock.millis(), id, version).update(connection);
            return readVersion(connection, id, name, version);
        });
    }

    @Override
    public void deleteModelVersion(String name, int version) {
        database.inTransaction(connection -> {
            long id = modelId(connection, name, true);
            readVersion(connection, id, name, version);
            for (String table : List.of("model_aliases", "model_version_tags", "model_version_files", "model_versions")) {
                new SqlQuery().append("DELETE FROM " + table + " WHERE model_id = ? AND version = ?", id, version).update(connection);
            }
            return null;
        });
    }

    @Override
    public Page<ModelVersion> searchModelVersions(RegistrySearch search) {
        int offset = PageToken.decode(search.pageToken());
        SqlQuery query = new SqlQuery().append("SELECT m.model_id, m.name, v.version FROM model_versions v "
                + "JOIN registered_models m ON m.model_id = v.model_id WHERE 1 = 1");
        appendFilter(database.dialect(), query, search, "model_version_tags", "t.model_id = v.model_id AND t.version = v.version",
                Map.of("name", "m.name", "run_id", "v.run_id", "source_path", "v.source", "version_number", "v.version"));
        query.append(" ORDER BY " + orderColumns(search.orderBy(), VERSION_ORDER_COLUMNS, "m.name ASC, v.version DESC")
                + ", m.model_id ASC, v.version DESC");
        query.append(" LIMIT ? OFFSET ?", search.maxResults() + 1, offset);
        return database.read(connection -> {
            List<Object[]> keys = new ArrayList<>();
            query.forEachRow(connection, rows -> keys.add(new Object[] {rows.getLong(1), rows.getString(2), rows.getInt(3)}));
            List<ModelVersion> versions = new ArrayList<>();
            for (Object[] key : keys) {
                versions.add(readVersion(connection, (Long) key[0], (String) key[1], (Integer) key[2]));
            }
            return PageToken.page(versions, search.maxResults(), offset);
        });
    }

    @Override
    public void setModelVersionTag(String name, int version, Tag tag) {
        TrackingLimits.checkTag(tag);
        database.inTransaction(connection -> {
            long id = modelId(connection, name, true);
            readVersion(connection, id, name, version);
            upsertTag(connection, "model_version_tags", "model_id = ? AND version = ?", List.of(id, version),
                    new SqlQuery().append("INSERT INTO model_version_tags (model_id, version, tag_key, tag_value) VALUES (?, ?, ?, ?)",
                            id, version, tag.key(), tag.value()), tag);
            return null;
        });
    }

    @Override
    public void deleteModelVersionTag(String name, int version, String key) {
        database.inTransaction(connection -> {
            long id = modelId(connection, name, true);
            readVersion(connection, id, name, version);
            if (new SqlQuery().append("DELETE FROM model_version_tags WHERE model_id = ? AND version = ? AND tag_key = ?", id, version, key)
                    .update(connection) == 0) {
                throw CairnException.notFound("Version " + version + " of model '" + name + "' has no tag '" + key + "'");
            }
            return null;
        });
    }

    // ---- aliases and stages ----

    @Override
    public void setAlias(String name, String alias, int version) {
        ModelAlias.checkName(alias);
        database.inTransaction(connection -> {
            long id = modelId(connection, name, true);
            readVersion(connection, id, name, version);
            if (new SqlQuery().append("UPDATE model_aliases SET version = ? WHERE model_id = ? AND alias = ?", version, id, alias)
                    .update(connection) == 0) {
                new SqlQuery().append("INSERT INTO model_aliases (model_id, alias, version) VALUES (?, ?, ?)", id, alias, version)
                        .update(connection);
            }
            new SqlQuery().append("UPDATE registered_models SET last_updated_time = ? WHERE model_id = ?", clock.millis(), id).update(connection);
            return null;
        });
    }

    @Override
    public void deleteAlias(String name, String alias) {
        database.inTransaction(connection -> {
            long id = modelId(connection, name, true);
            if (new SqlQuery().append("DELETE FROM model_aliases WHERE model_id = ? AND alias = ?", id, alias).update(connection) == 0) {
                throw CairnException.notFound("Registered model '" + name + "' has no alias '" + alias + "'");
            }
            return null;
        });
    }

    @Override
    public ModelVersion transitionStage(String name, int version, Stage stage, boolean archiveExisting) {
        return database.inTransaction(connection -> {
            long id = modelId(connection, name, true);
            readVersion(connection, id, name, version);
            long now = clock.millis();
            if (archiveExisting && (stage == Stage.STAGING || stage == Stage.PRODUCTION)) {
                new SqlQuery().append("UPDATE model_versions SET stage = ?, last_updated_time = ? WHERE model_id = ? AND stage = ? AND version <> ?",
                        Stage.ARCHIVED.displayName(), now, id, stage.displayName(), version).update(connection);
            }
            new SqlQuery().append("UPDATE model_versions SET stage = ?, last_updated_time = ? WHERE model_id = ? AND version = ?",
                    stage.displayName(), now, id, version).update(connection);
            return readVersion(connection, id, name, version);
        });
    }

    @Override
    public List<ModelVersion> getLatestVersions(String name, List<Stage> stages) {
        return database.read(connection -> {
            long id = modelId(connection, name, false);
            return latestVersions(connection, id, name, stages.isEmpty() ? List.of(Stage.values()) : stages);
        });
    }

    @Override
    public List<ModelVersion> pendingVersions() {
        return database.read(connection -> {
            List<Object[]> keys = new ArrayList<>();
            new SqlQuery().append("SELECT m.model_id, m.name, v.version FROM model_versions v JOIN registered_models m "
                    + "ON m.model_id = v.model_id WHERE v.status = ? ORDER BY v.creation_time", ModelVersionStatus.PENDING_REGISTRATION.name())
                    .forEachRow(connection, rows -> keys.add(new Object[] {rows.getLong(1), rows.getString(2), rows.getInt(3)}));
            List<ModelVersion> versions = new ArrayList<>();
            for (Object[] key : keys) {
                versions.add(readVersion(connection, (Long) key[0], (String) key[1], (Integer) key[2]));
            }
            return versions;
        });
    }

    // ---- reading ----

    private long modelId(Connection connection, String name, boolean lock) throws SQLException {
        long[] id = {-1};
        new SqlQuery().append("SELECT model_id FROM registered_models WHERE name = ?" + (lock ? database.dialect().forUpdate() : ""), name)
                .forEachRow(connection, rows -> id[0] = rows.getLong(1));
        if (id[0] < 0) {
            throw CairnException.notFound("Registered model '" + name + "' not found");
        }
        return id[0];
    }

    private RegisteredModel readModel(Connection connection, long id) throws SQLException {
        Object[] row = new Object[4];
        new SqlQuery().append("SELECT name, creation_time, last_updated_time, description FROM registered_models WHERE model_id = ?", id)
                .forEachRow(connection, rows -> {
                    row[0] = rows.getString(1);
                    row[1] = rows.getLong(2);
                    row[2] = rows.getLong(3);
                    row[3] = rows.getString(4);
                });
        String name = (String) row[0];
        List<Tag> tags = new ArrayList<>();
        new SqlQuery().append("SELECT tag_key, tag_value FROM registered_model_tags WHERE model_id = ? ORDER BY tag_key", id)
                .forEachRow(connection, rows -> tags.add(new Tag(rows.getString(1), rows.getString(2))));
        List<ModelAlias> aliases = new ArrayList<>();
        new SqlQuery().append("SELECT alias, version FROM model_aliases WHERE model_id = ? ORDER BY alias", id)
                .forEachRow(connection, rows -> aliases.add(new ModelAlias(rows.getString(1), rows.getInt(2))));
        return new RegisteredModel(name, (Long) row[1], (Long) row[2], (String) row[3], tags, aliases,
                latestVersions(connection, id, name, List.of(Stage.values())));
    }

    /** The newest version in each stage, ordered by stage. */
    private List<ModelVersion> latestVersions(Connection connection, long id, String name, List<Stage> stages) throws SQLException {
        Map<Stage, Integer> latest = new EnumMap<>(Stage.class);
        new SqlQuery().append("SELECT stage, MAX(version) FROM model_versions WHERE model_id = ? GROUP BY stage", id)
                .forEachRow(connection, rows -> latest.put(Stage.parse(rows.getString(1)), rows.getInt(2)));
        List<ModelVersion> versions = new ArrayList<>();
        for (Map.Entry<Stage, Integer> entry : latest.entrySet()) {
            if (stages.contains(entry.getKey())) {
                versions.add(readVersion(connection, id, name, entry.getValue()));
            }
        }
        return versions;
    }

    private ModelVersion readVersion(Connection connection, long id, String name, int version) throws SQLException {
        List<ModelVersion> found = new ArrayList<>();
        Map<String, String> tags = new LinkedHashMap<>();
        new SqlQuery().append("SELECT tag_key, tag_value FROM model_version_tags WHERE model_id = ? AND version = ? ORDER BY tag_key", id, version)
                .forEachRow(connection, rows -> tags.put(rows.getString(1), rows.getString(2)));
        List<String> aliases = new ArrayList<>();
        new SqlQuery().append("SELECT alias FROM model_aliases WHERE model_id = ? AND version = ? ORDER BY alias", id, version)
                .forEachRow(connection, rows -> aliases.add(rows.getString(1)));
        new SqlQuery().append("SELECT " + VERSION_COLUMNS + " FROM model_versions v JOIN registered_models m ON m.model_id = v.model_id "
                + "WHERE v.model_id = ? AND v.version = ?", id, version)
                .forEachRow(connection, rows -> found.add(toVersion(rows, tags, aliases)));
        if (found.isEmpty()) {
            throw CairnException.notFound("Model version " + version + " of '" + name + "' not found");
        }
        return found.get(0);
    }

    private static ModelVersion toVersion(ResultSet rows, Map<String, String> tags, List<String> aliases) throws SQLException {
        List<Tag> tagList = new ArrayList<>();
        tags.forEach((key, value) -> tagList.add(new Tag(key, value)));
        return new ModelVersion(rows.getString(1), rows.getInt(2), rows.getLong(3), rows.getLong(4), rows.getString(5),
                rows.getString(6), rows.getString(7), Optional.ofNullable(rows.getString(8)),
                ModelVersionStatus.valueOf(rows.getString(9)), rows.getString(10), Stage.parse(rows.getString(11)), tagList, aliases);
    }

    // ---- pieces of SQL ----

    /** A version's lineage must lead to a run that exists and is not deleted, or it would dangle. */
    private static void requireActiveRun(Connection connection, String runId) throws SQLException {
        String[] stage = {null};
        new SqlQuery().append("SELECT lifecycle_stage FROM runs WHERE run_uuid = ?", runId)
                .forEachRow(connection, rows -> stage[0] = rows.getString(1));
        if (stage[0] == null) {
            throw CairnException.notFound("Run '" + runId + "' not found: a model version's run_id must name an existing run");
        }
        if (!stage[0].equals(LifecycleStage.ACTIVE.wireName())) {
            throw CairnException.invalidParameter("Run '" + runId + "' is deleted: restore it before registering a model from it");
        }
    }

    private static void upsertTag(Connection connection, String table, String ownerCondition, List<Object> ownerKeys,
                                  SqlQuery insert, Tag tag) throws SQLException {
        List<Object> values = new ArrayList<>();
        values.add(tag.value());
        values.addAll(ownerKeys);
        values.add(tag.key());
        if (new SqlQuery().append("UPDATE " + table + " SET tag_value = ? WHERE " + ownerCondition + " AND tag_key = ?", values.toArray())
                .update(connection) == 0) {
            insert.update(connection);
        }
    }

    /** Appends a registry filter: attributes as columns, tags as EXISTS over the tag table (aliased t). */
    private static void appendFilter(Dialect dialect, SqlQuery query, RegistrySearch search, String tagTable, String tagJoin, Map<String, String> columns) {
        for (Comparison comparison : search.filter().comparisons()) {
            if (comparison.type() == EntityType.TAG) {
                boolean absent = comparison.operator() == Operator.IS_NULL;
                query.append(absent ? " AND NOT EXISTS" : " AND EXISTS")
                        .append(" (SELECT 1 FROM " + tagTable + " t WHERE " + tagJoin + " AND t.tag_key = ?", comparison.key());
                if (comparison.operator() != Operator.IS_NULL && comparison.operator() != Operator.IS_NOT_NULL) {
                    query.append(" AND ");
                    SearchSql.appendCondition(dialect, query, "t.tag_value", comparison);
                }
                query.append(")");
            } else {
                query.append(" AND ");
                SearchSql.appendCondition(dialect, query, columns.get(comparison.key()), comparison);
            }
        }
    }

    private static String orderColumns(List<OrderBy> orderBy, Map<String, String> columns, String defaultOrder) {
        if (orderBy.isEmpty()) {
            return defaultOrder;
        }
        List<String> parts = new ArrayList<>();
        for (OrderBy clause : orderBy) {
            parts.add(columns.get(clause.key()) + (clause.ascending() ? " ASC" : " DESC"));
        }
        return String.join(", ", parts);
    }

    private static void checkName(String name) {
        if (name.isBlank()) {
            throw CairnException.invalidParameter("A registered model needs a name");
        }
        TrackingLimits.checkLength("model name", name, MAX_NAME_LENGTH);
    }
}
