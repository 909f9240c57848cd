package dev.cairn.core.store;

import dev.cairn.core.deployment.Deployment;
import dev.cairn.core.deployment.DeploymentEvent;
import dev.cairn.core.deployment.DeploymentState;
import dev.cairn.core.deployment.DeploymentStore;
import dev.cairn.core.deployment.PredictionLabel;
import dev.cairn.core.deployment.PredictionSegment;
import dev.cairn.core.error.CairnException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** The {@link DeploymentStore} on a JDBC database (SQLite or PostgreSQL). */
final class JdbcDeploymentStore implements DeploymentStore {
    private static final String COLUMNS = "name, spec, state, state_message, serving, revision, creation_time, last_updated_time";
    /** Bind values per statement stay well under every driver's limit. */
    private static final int CHUNK = 500;
    private static final int MAX_NAME_LENGTH = 256;
    private static final int MAX_EVENT_MESSAGE = 4000;

    private final Database database;
    private final Clock clock;

    JdbcDeploymentStore(Database database, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Deployment create(String name, String spec) {
        checkName(name);
        return database.inTransaction(connection -> {
            long now = clock.millis();
            try {
                new SqlQuery().append("INSERT INTO deployments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        name, spec, DeploymentState.STARTING.name(), "", "{}", 1L, now, now).update(connection);
            } catch (SQLException e) {
                if (database.dialect().isUniqueViolation(e)) {
                    throw CairnException.alreadyExists("Deployment '" + name + "' already exists; change it with PATCH or delete it first");
                }
                throw e;
            }
            insertEvent(connection, name, now, "created", "Created at revision 1");
            return read(connection, name);
        });
    }

    @Override
    public Deployment get(String name) {
        return database.read(connection -> read(connection, name));
    }

    @Override
    public List<Deployment> list() {
        return database.read(connection -> {
            List<Deployment> found = new ArrayList<>();
            new SqlQuery().append("SELECT " + COLUMNS + " FROM deployments ORDER BY name").forEachRow(connection, rows -> found.add(row(rows)));
            return found;
        });
    }

    @Override
    public Deployment updateSpec(String name, String spec) {
        return database.inTransaction(connection -> {
            Deployment current = read(connection, name);
            long now = clock.millis();
            long revision = current.revision() + 1;
            new SqlQuery().append("UPDATE deployments SET spec = ?, state = ?, state_message = ?, revision = ?, last_updated_time = ? "
                    + "WHERE name = ?", spec, DeploymentState.STARTING.name(), "", revision, now, name).update(connection);
            insertEvent(connection, name, now, "updated", "Spec changed; rolling out revision " + revision);
            return read(connection, name);
        });
    }

    @Override
    public boolean reportState(String name, long revision, DeploymentState state, String message, String serving) {
        return database.inTransaction(connection -> {
            long now = clock.millis();
            int changed = new SqlQuery().append("UPDATE deployments SET state = ?, state_message = ?, serving = ?, last_updated_time = ? "
                    + "WHERE name = ? AND revision = ?", state.name(), message, serving, now, name, revision).update(connection);
            return changed == 1;
        });
    }

    @Override
    public void delete(String name) {
        database.inTransaction(connection -> {
            read(connection, name);
            for (String table : List.of("prediction_labels", "prediction_segments", "deployment_events", "monitor_schedules")) {
                new SqlQuery().append("DELETE FROM " + table + " WHERE deployment = ?", name).update(connection);
            }
            new SqlQuery().append("DELETE FROM deployments WHERE name = ?", name).update(connection);
            return null;
        });
    }

    @Override
    public void addEvent(String name, String kind, String message) {
        database.inTransaction(connection -> {
            read(connection, name);
            insertEvent(connection, name, clock.millis(), kind, message);
            return null;
        });
    }

    @Override
    public List<DeploymentEvent> events(String name, int limit) {
        return database.read(connection -> {
            read(connection, name);
            List<DeploymentEvent> events = new ArrayList<>();
            new SqlQuery().append("SELECT event_time, kind, message FROM deployment_events WHERE deployment = ? "
                    + "ORDER BY event_time DESC, event_id DESC LIMIT ?", name, Math.max(1, limit))
                    .forEachRow(connection, rows -> events.add(new DeploymentEvent(name, rows.getLong(1), rows.getString(2), rows.getString(3))));
            return events;
        });
    }

    @Override
    public void addSegment(PredictionSegment segment) {
        database.inTransaction(connection -> new SqlQuery().append("INSERT INTO prediction_segments (deployment, artifact_path, row_count, "
                + "first_timestamp, last_timestamp) VALUES (?, ?, ?, ?, ?)", segment.deployment(), segment.path(), segment.rows(),
                segment.firstTimestamp(), segment.lastTimestamp()).update(connection));
    }

    @Override
    public List<PredictionSegment> segments(String name, long from, long to) {
        return database.read(connection -> {
            read(connection, name);
            List<PredictionSegment> segments = new ArrayList<>();
            new SqlQuery().append("SELECT artifact_path, row_count, first_timestamp, last_timestamp FROM prediction_segments "
                    + "WHERE deployment = ? AND last_timestamp >= ? AND first_timestamp <= ? ORDER BY first_timestamp, segment_id",
                    name, from, to).forEachRow(connection, rows -> segments.add(
                    new PredictionSegment(name, rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4))));
            return segments;
        });
    }

    @Override
    public int putLabels(String name, Collection<PredictionLabel> labels) {
        return database.inTransaction(connection -> {
            read(connection, name);
            long now = clock.millis();
            int written = 0;
            for (PredictionLabel label : labels) {
                written += new SqlQuery().append("INSERT INTO prediction_labels (deployment, prediction_id, label, label_time) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT (deployment, prediction_id) DO UPDATE SET label = excluded.label, "
                        + "label_time = excluded.label_time", name, label.predictionId(), label.label(), now).update(connection);
            }
            return written;
        });
    }

    @Override
    public Map<String, String> labels(String name, Collection<String> predictionIds) {
        List<String> ids = List.copyOf(predictionIds);
        return database.read(connection -> {
            read(connection, name);
            Map<String, String> found = new HashMap<>();
            for (int start = 0; start < ids.size(); start += CHUNK) {
                new SqlQuery().append("SELECT prediction_id, label FROM prediction_labels WHERE deployment = ? AND prediction_id IN ", name)
                        .appendList(ids.subList(start, Math.min(ids.size(), start + CHUNK)))
                        .forEachRow(connection, rows -> found.put(rows.getString(1), rows.getString(2)));
            }
            return found;
        });
    }

    private static void insertEvent(Connection connection, String name, long time, String kind, String message) throws SQLException {
        String shown = message.length() > MAX_EVENT_MESSAGE ? message.substring(0, MAX_EVENT_MESSAGE) + "..." : message;
        new SqlQuery().append("INSERT INTO deployment_events (deployment, event_time, kind, message) VALUES (?, ?, ?, ?)",
                name, time, kind, shown).update(connection);
    }

    private static Deployment read(Connection connection, String name) throws SQLException {
        List<Deployment> found = new ArrayList<>(1);
        new SqlQuery().append("SELECT " + COLUMNS + " FROM deployments WHERE name = ?", name).forEachRow(connection, rows -> found.add(row(rows)));
        if (found.isEmpty()) {
            throw CairnException.notFound("Deployment '" + name + "' does not exist");
        }
        return found.get(0);
    }

    private static Deployment row(java.sql.ResultSet rows) throws SQLException {
        return new Deployment(rows.getString(1), rows.getString(2), DeploymentState.valueOf(rows.getString(3)), rows.getString(4),
                rows.getString(5), rows.getLong(6), rows.getLong(7), rows.getLong(8));
    }

    /** A deployment's name is a path segment of every endpoint it serves, so it is kept URL- and file-safe. */
    private static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || name.length() > MAX_NAME_LENGTH) {
            throw CairnException.invalidParameter("Invalid deployment name '" + (name == null ? "" : name.length() > 80 ? name.substring(0, 80) + "..." : name)
                    + "': use letters, digits, '.', '_' and '-', starting with a letter or digit, at most " + MAX_NAME_LENGTH + " characters");
        }
    }
}
