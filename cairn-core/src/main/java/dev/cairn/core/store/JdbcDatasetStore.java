package dev.cairn.core.store;

import dev.cairn.core.dataset.DatasetColumn;
import dev.cairn.core.dataset.DatasetPart;
import dev.cairn.core.dataset.DatasetRegistration;
import dev.cairn.core.dataset.DatasetStore;
import dev.cairn.core.dataset.DatasetSummary;
import dev.cairn.core.dataset.DatasetVersion;
import dev.cairn.core.dataset.NewDatasetVersion;
import dev.cairn.core.error.CairnException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** The {@link DatasetStore} on a JDBC database (SQLite or PostgreSQL). */
final class JdbcDatasetStore implements DatasetStore {
    private static final String VERSION_COLUMNS = "d.name, v.version, v.digest, v.creation_time, v.source_type, v.source, "
            + "v.description, v.artifact_uri, v.row_count, v.profile, v.dataset_id";

    private final Database database;
    private final Clock clock;

    JdbcDatasetStore(Database database, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public DatasetRegistration register(NewDatasetVersion version) {
        return database.inTransaction(connection -> {
            long now = clock.millis();
            long id = lockOrCreateDataset(connection, version.name(), now);
            Optional<DatasetVersion> existing = readVersions(connection,
                    " WHERE v.dataset_id = ? AND v.digest = ?", id, version.digest()).stream().findFirst();
            if (existing.isPresent()) {
                return new DatasetRegistration(existing.get(), false);
            }
            int[] next = {1};
            new SqlQuery().append("SELECT MAX(version) FROM dataset_versions WHERE dataset_id = ?", id)
                    .forEachRow(connection, rows -> next[0] = rows.getInt(1) + 1);
            new SqlQuery().append("INSERT INTO dataset_versions (dataset_id, version, digest, creation_time, source_type, source, "
                            + "description, artifact_uri, row_count, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, next[0], version.digest(), now, version.sourceType(), version.source(), version.description(),
                    version.artifactUri(), version.rowCount(), version.profile()).update(connection);
            int position = 0;
            for (DatasetColumn column : version.columns()) {
                new SqlQuery().append("INSERT INTO dataset_columns (dataset_id, version, position, column_name, column_type, nullable) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", id, next[0], position++, column.name(), column.type(), column.nullable())
                        .update(connection);
            }
            new SqlQuery().append("UPDATE datasets SET last_updated_time = ? WHERE dataset_id = ?", now, id).update(connection);
            return new DatasetRegistration(readVersion(connection, version.name(), next[0]), true);
        });
    }

    @Override
    public DatasetVersion get(String name, int version) {
        return database.read(connection -> readVersion(connection, name, version));
    }

    @Override
    public DatasetVersion latest(String name) {
        return database.read(connection -> {
            List<DatasetVersion> found = readVersions(connection, " WHERE d.name = ? ORDER BY v.version DESC LIMIT 1", name);
            if (found.isEmpty()) {
                throw notFound(name);
            }
            return found.get(0);
        });
    }

    @Override
    public Optional<DatasetVersion> findByDigest(String name, String digest) {
        return database.read(connection -> {
            if (datasetId(connection, name, false).isEmpty()) {
                throw notFound(name);
            }
            return readVersions(connection, " WHERE d.name = ? AND v.digest = ?", name, digest).stream().findFirst();
        });
    }

    @Override
    public List<DatasetVersion> versions(String name) {
        return database.read(connection -> {
            List<DatasetVersion> found = readVersions(connection, " WHERE d.name = ? ORDER BY v.version DESC", name);
            if (found.isEmpty()) {
                throw notFound(name);
            }
            return found;
        });
    }

    @Override
    public List<DatasetSummary> list() {
        return database.read(connection -> {
            List<DatasetSummary> summaries = new ArrayList<>();
            new SqlQuery().append("SELECT d.name, d.creation_time, d.last_updated_time, v.version, v.digest, v.row_count, "
                    + "(SELECT COUNT(*) FROM dataset_versions c WHERE c.dataset_id = d.dataset_id) "
                    + "FROM datasets d JOIN dataset_versions v ON v.dataset_id = d.dataset_id "
                    + "AND v.version = (SELECT MAX(m.version) FROM dataset_versions m WHERE m.dataset_id = d.dataset_id) "
                    + "ORDER BY d.name").forEachRow(connection, rows -> summaries.add(new DatasetSummary(rows.getString(1),
                    rows.getLong(2), rows.getLong(3), rows.getInt(4), rows.getInt(7), rows.getString(5), rows.getLong(6))));
            return summaries;
        });
    }

    @Override
    public DatasetVersion recordSplit(String name, int version, List<DatasetPart> parts) {
        if (parts.isEmpty()) {
            throw CairnException.invalidParameter("A split needs at least one part");
        }
        Set<String> names = new HashSet<>();
        for (DatasetPart part : parts) {
            if (!names.add(part.name())) {
                throw CairnException.invalidParameter("The split names part '" + part.name() + "' twice");
            }
        }
        return database.inTransaction(connection -> {
            DatasetVersion current = readVersion(connection, name, version);
            long total = parts.stream().mapToLong(DatasetPart::rowCount).sum();
            if (total > current.rowCount()) {
                throw CairnException.invalidParameter("The split's parts hold " + total + " rows, more than the " + current.rowCount()
                        + " of " + name + " version " + version);
            }
            long id = lockDataset(connection, name);
            new SqlQuery().append("DELETE FROM dataset_split_parts WHERE dataset_id = ? AND version = ?", id, version).update(connection);
            int position = 0;
            for (DatasetPart part : parts) {
                new SqlQuery().append("INSERT INTO dataset_split_parts (dataset_id, version, position, part_name, definition, row_count) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", id, version, position++, part.name(), part.definition(), part.rowCount())
                        .update(connection);
            }
            new SqlQuery().append("UPDATE datasets SET last_updated_time = ? WHERE dataset_id = ?", clock.millis(), id).update(connection);
            return readVersion(connection, name, version);
        });
    }

    /**
     * The dataset's id, its row locked so that version numbering is serialized; a new dataset is
     * inserted first. The insert runs under a savepoint because PostgreSQL aborts the whole
     * transaction on a failed statement, and a concurrent registration may have won the insert.
     */
    private long lockOrCreateDataset(Connection connection, String name, long now) throws SQLException {
        Optional<Long> id = datasetId(connection, name, true);
        if (id.isPresent()) {
            return id.get();
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            new SqlQuery().append("INSERT INTO datasets (name, creation_time, last_updated_time) VALUES (?, ?, ?)", name, now, now)
                    .update(connection);
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (!database.dialect().isUniqueViolation(e)) {
                throw e;
            }
            connection.rollback(savepoint);
        }
        return lockDataset(connection, name);
    }

    private long lockDataset(Connection connection, String name) throws SQLException {
        return datasetId(connection, name, true).orElseThrow(() -> notFound(name));
    }

    private Optional<Long> datasetId(Connection connection, String name, boolean lock) throws SQLException {
        long[] id = {-1};
        new SqlQuery().append("SELECT dataset_id FROM datasets WHERE name = ?" + (lock ? database.dialect().forUpdate() : ""), name)
                .forEachRow(connection, rows -> id[0] = rows.getLong(1));
        return id[0] < 0 ? Optional.empty() : Optional.of(id[0]);
    }

    private DatasetVersion readVersion(Connection connection, String name, int version) throws SQLException {
        List<DatasetVersion> found = readVersions(connection, " WHERE d.name = ? AND v.version = ?", name, version);
        if (found.isEmpty()) {
            if (datasetId(connection, name, false).isEmpty()) {
                throw notFound(name);
            }
            throw CairnException.notFound("Dataset '" + name + "' has no version " + version);
        }
        return found.get(0);
    }

    /** The versions a WHERE (and ORDER BY) clause with its bind values selects, with their columns and split parts. */
    private static List<DatasetVersion> readVersions(Connection connection, String where, Object... values) throws SQLException {
        record Row(String name, int version, String digest, long created, String sourceType, String source, String description,
                   String artifactUri, long rowCount, String profile, long datasetId) {
        }
        List<Row> rows = new ArrayList<>();
        new SqlQuery().append("SELECT " + VERSION_COLUMNS + " FROM dataset_versions v JOIN datasets d ON d.dataset_id = v.dataset_id")
                .append(where, values)
                .forEachRow(connection, r -> rows.add(new Row(r.getString(1), r.getInt(2), r.getString(3), r.getLong(4), r.getString(5),
                        r.getString(6), r.getString(7), r.getString(8), r.getLong(9), r.getString(10), r.getLong(11))));
        List<DatasetVersion> versions = new ArrayList<>();
        for (Row row : rows) {
            List<DatasetColumn> columns = new ArrayList<>();
            new SqlQuery().append("SELECT column_name, column_type, nullable FROM dataset_columns WHERE dataset_id = ? AND version = ? "
                    + "ORDER BY position", row.datasetId(), row.version()).forEachRow(connection, r ->
                    columns.add(new DatasetColumn(r.getString(1), r.getString(2), r.getBoolean(3))));
            List<DatasetPart> parts = new ArrayList<>();
            new SqlQuery().append("SELECT part_name, definition, row_count FROM dataset_split_parts WHERE dataset_id = ? AND version = ? "
                    + "ORDER BY position", row.datasetId(), row.version()).forEachRow(connection, r ->
                    parts.add(new DatasetPart(r.getString(1), r.getString(2), r.getLong(3))));
            versions.add(new DatasetVersion(row.name(), row.version(), row.digest(), row.created(), row.sourceType(), row.source(),
                    row.description(), row.artifactUri(), row.rowCount(), columns, row.profile(), parts));
        }
        return versions;
    }

    private static CairnException notFound(String name) {
        return CairnException.notFound("Dataset '" + name + "' not found");
    }
}
