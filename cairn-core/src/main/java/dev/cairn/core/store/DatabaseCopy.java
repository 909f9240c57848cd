package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Copies a whole Cairn database into an empty one: from an H2 file of an earlier build, SQLite or
 * PostgreSQL, to SQLite or PostgreSQL. The source is read in one transaction (a consistent
 * snapshot) and never written; the target gets the current schema, then every row in one
 * transaction, so a failed copy leaves it as it was. At the end the row count of every table is
 * read back from the target and compared with the source's.
 */
public final class DatabaseCopy {
    /**
     * Every table of the schema, parents before children, with its identity column if it has one
     * and the schema version that created it (an older source has none of a newer table's rows).
     */
    static final List<CopiedTable> TABLES = List.of(
            new CopiedTable("experiments", Optional.of("experiment_id"), 1),
            new CopiedTable("experiment_tags", Optional.empty(), 1),
            new CopiedTable("runs", Optional.empty(), 1),
            new CopiedTable("params", Optional.empty(), 1),
            new CopiedTable("run_tags", Optional.empty(), 1),
            new CopiedTable("metric_chunks", Optional.empty(), 1),
            new CopiedTable("latest_metrics", Optional.empty(), 1),
            new CopiedTable("run_inputs", Optional.empty(), 4),
            new CopiedTable("registered_models", Optional.of("model_id"), 2),
            new CopiedTable("registered_model_tags", Optional.empty(), 2),
            new CopiedTable("model_versions", Optional.empty(), 2),
            new CopiedTable("model_version_tags", Optional.empty(), 2),
            new CopiedTable("model_version_files", Optional.empty(), 7),
            new CopiedTable("model_aliases", Optional.empty(), 2),
            new CopiedTable("datasets", Optional.of("dataset_id"), 5),
            new CopiedTable("dataset_versions", Optional.empty(), 5),
            new CopiedTable("dataset_columns", Optional.empty(), 5),
            new CopiedTable("dataset_split_parts", Optional.empty(), 5),
            new CopiedTable("deployments", Optional.empty(), 8),
            new CopiedTable("deployment_events", Optional.of("event_id"), 8),
            new CopiedTable("prediction_segments", Optional.of("segment_id"), 8),
            new CopiedTable("prediction_labels", Optional.empty(), 8),
            new CopiedTable("batch_jobs", Optional.of("job_id"), 8),
            new CopiedTable("pipelines", Optional.empty(), 9),
            new CopiedTable("pipeline_runs", Optional.of("run_id"), 9),
            new CopiedTable("scheduled_tasks", Optional.empty(), 9),
            new CopiedTable("monitor_results", Optional.of("result_id"), 10),
            new CopiedTable("kpi_values", Optional.of("kpi_id"), 10),
            new CopiedTable("alert_rules", Optional.empty(), 10),
            new CopiedTable("alerts", Optional.of("alert_id"), 10),
            new CopiedTable("monitor_schedules", Optional.empty(), 12));
    /** The newest schema version this build writes; a source made by a newer Cairn is refused. */
    static final int SCHEMA_VERSION = 12;
    private static final int BATCH_ROWS = 1000;

    /** A table to copy, the column whose identity sequence must follow the copied ids, and the schema version that created it. */
    record CopiedTable(String name, Optional<String> identityColumn, int sinceVersion) {
        CopiedTable {
            requireNonNull(name, "name is null");
            requireNonNull(identityColumn, "identityColumn is null");
        }
    }

    /** How many rows one table holds in the source and, after the copy, in the target. */
    public record TableCount(String table, long sourceRows, long targetRows) {
        public TableCount {
            requireNonNull(table, "table is null");
        }

        /** True if the target holds as many rows as the source. */
        public boolean matches() {
            return sourceRows == targetRows;
        }
    }

    private DatabaseCopy() {
    }

    /**
     * Copies every table from one database to another and returns the verified row counts.
     *
     * @param fromUrl the source: {@code jdbc:h2:file:...}, {@code jdbc:sqlite:...} or {@code jdbc:postgresql:...}
     * @param toUrl the target: {@code jdbc:sqlite:...} or {@code jdbc:postgresql:...}; empty, or holding only
     *     the default experiment a server creates on first start
     * @param progress told the name and row count of each table as it is copied
     */
    public static List<TableCount> copy(String fromUrl, String toUrl, Consumer<String> progress) {
        Dialect from = dialect(fromUrl);
        Dialect to = dialect(toUrl);
        if (to == Dialect.H2) {
            throw CairnException.invalidParameter("H2 can only be copied from, not to: copy to jdbc:sqlite:<file> or jdbc:postgresql://...");
        }
        try (Connection source = openSource(from, fromUrl)) {
            int sourceVersion = checkSourceSchema(source, fromUrl);
            SchemaMigration.migrate(to, toUrl);
            Map<String, Long> sourceCounts = new LinkedHashMap<>();
            try (Connection target = openTarget(to, toUrl)) {
                clearDefaultExperiment(target, toUrl);
                for (CopiedTable table : TABLES) {
                    long rows = sourceVersion < table.sinceVersion() ? 0 : copyTable(source, target, table.name());
                    sourceCounts.put(table.name(), rows);
                    progress.accept(table.name() + ": " + rows + " rows");
                }
                for (CopiedTable table : TABLES) {
                    if (table.identityColumn().isPresent() && to == Dialect.POSTGRESQL) {
                        followIdentity(target, table.name(), table.identityColumn().get());
                    }
                }
                target.commit();
            }
            source.rollback();
            return verify(to, toUrl, sourceCounts);
        } catch (SQLException e) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER_VALUE, "Copy failed, the target is unchanged: " + e.getMessage(), e);
        }
    }

    private static Dialect dialect(String url) {
        return Dialect.of(url).orElseThrow(() -> CairnException.invalidParameter("Unsupported database URL '" + MetadataStore.redact(url)
                + "': use jdbc:h2:file:<path>, jdbc:sqlite:<file> or jdbc:postgresql://<host>:<port>/<database>"));
    }

    /** Opens the source for reading only: H2 in read-only mode, others in a read-only transaction. */
    private static Connection openSource(Dialect dialect, String url) throws SQLException {
        Connection connection = switch (dialect) {
            case H2 -> DriverManager.getConnection(url + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE");
            case SQLITE -> {
                requireSqliteFile(url);
                yield ConnectionPools.sqlite(url, SQLiteConfig.TransactionMode.DEFERRED).getConnection();
            }
            case POSTGRESQL -> DriverManager.getConnection(url);
        };
        connection.setAutoCommit(false);
        if (dialect == Dialect.POSTGRESQL) {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
        }
        return connection;
    }

    private static void requireSqliteFile(String url) {
        String file = url.substring(Dialect.SQLITE.urlPrefix().length());
        int query = file.indexOf('?');
        Path path = Path.of(query < 0 ? file : file.substring(0, query));
        if (!Files.isRegularFile(path)) {
            throw CairnException.notFound("No SQLite database at " + path);
        }
    }

    private static Connection openTarget(Dialect dialect, String url) throws SQLException {
        Connection connection = dialect == Dialect.SQLITE
                ? ConnectionPools.sqlite(url, SQLiteConfig.TransactionMode.IMMEDIATE).getConnection()
                : DriverManager.getConnection(url);
        connection.setAutoCommit(false);
        return connection;
    }

    /**
     * The source's schema version; refuses a source without Cairn's schema, or with a newer one than this build knows. Flyway
     * names its table in lower case, quoted, which H2 would otherwise fold to upper case.
     */
    private static int checkSourceSchema(Connection source, String url) throws SQLException {
        int newest = 0;
        try (Statement statement = source.createStatement();
             ResultSet rows = statement.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\"")) {
            while (rows.next()) {
                if (rows.getBoolean(2) && rows.getString(1) != null) {
                    newest = Math.max(newest, Integer.parseInt(rows.getString(1)));
                }
            }
        } catch (SQLException e) {
            throw CairnException.invalidParameter("The source " + MetadataStore.redact(url) + " is not a Cairn database (no schema history)");
        }
        if (newest > SCHEMA_VERSION) {
            throw CairnException.invalidParameter("The source has schema version " + newest + ", newer than this Cairn's " + SCHEMA_VERSION
                    + ": copy it with the Cairn that wrote it");
        }
        return newest;
    }

    /**
     * A target must be empty. A server started on it once created the default experiment, which
     * the copy replaces with the source's; anything more is refused.
     */
    private static void clearDefaultExperiment(Connection target, String url) throws SQLException {
        List<String> filled = new ArrayList<>();
        for (CopiedTable table : TABLES) {
            String extra = table.name().equals("experiments") ? " WHERE NOT (experiment_id = 0 AND name = 'Default')" : "";
            long rows = count(target, table.name(), extra);
            if (rows > 0) {
                filled.add(table.name() + " (" + rows + " rows)");
            }
        }
        if (!filled.isEmpty()) {
            throw CairnException.invalidParameter("The target " + MetadataStore.redact(url) + " is not empty: " + String.join(", ", filled)
                    + ". Copy into a new database.");
        }
        try (Statement statement = target.createStatement()) {
            statement.executeUpdate("DELETE FROM experiments");
        }
    }

    /** Copies one table's rows in batches and returns how many were read from the source. */
    private static long copyTable(Connection source, Connection target, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<Integer> targetTypes = new ArrayList<>();
        try (Statement statement = target.createStatement();
             ResultSet empty = statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData metadata = empty.getMetaData();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                columns.add(metadata.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
                targetTypes.add(metadata.getColumnType(i));
            }
        }
        String columnList = String.join(", ", columns);
        String placeholders = String.join(", ", java.util.Collections.nCopies(columns.size(), "?"));
        long copied = 0;
        try (Statement select = source.createStatement();
             ResultSet rows = select.executeQuery("SELECT " + columnList + " FROM " + table);
             PreparedStatement insert = target.prepareStatement("INSERT INTO " + table + " (" + columnList + ") VALUES (" + placeholders + ")")) {
            while (rows.next()) {
                for (int i = 0; i < columns.size(); i++) {
                    bind(insert, i + 1, rows.getObject(i + 1), targetTypes.get(i));
                }
                insert.addBatch();
                if (++copied % BATCH_ROWS == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        return copied;
    }

    /**
     * Binds a source value to a target column. Booleans differ in representation (SQLite keeps
     * 0/1), and a NaN double becomes NULL, as the stores write it.
     */
    private static void bind(PreparedStatement insert, int index, Object value, int targetType) throws SQLException {
        if (value == null || value instanceof Double d && d.isNaN()) {
            insert.setNull(index, targetType);
        } else if ((targetType == Types.BOOLEAN || targetType == Types.BIT) && value instanceof Number number) {
            insert.setBoolean(index, number.longValue() != 0);
        } else if (value instanceof byte[] bytes) {
            insert.setBytes(index, bytes);
        } else {
            insert.setObject(index, value);
        }
    }

    /** Moves a PostgreSQL identity past the copied ids, so the next insert does not collide. */
    private static void followIdentity(Connection target, String table, String column) throws SQLException {
        try (Statement statement = target.createStatement()) {
            statement.executeQuery("SELECT setval(pg_get_serial_sequence('" + table + "', '" + column + "'), "
                    + "GREATEST(COALESCE(MAX(" + column + "), 0), 1), COALESCE(MAX(" + column + "), 0) >= 1) FROM " + table).close();
        }
    }

    private static List<TableCount> verify(Dialect dialect, String url, Map<String, Long> sourceCounts) throws SQLException {
        List<TableCount> counts = new ArrayList<>();
        try (Connection target = openTarget(dialect, url)) {
            for (Map.Entry<String, Long> entry : sourceCounts.entrySet()) {
                counts.add(new TableCount(entry.getKey(), entry.getValue(), count(target, entry.getKey(), "")));
            }
            target.rollback();
        }
        List<String> mismatched = counts.stream().filter(count -> !count.matches())
                .map(count -> count.table() + " " + count.sourceRows() + " → " + count.targetRows()).toList();
        if (!mismatched.isEmpty()) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "The copy does not match the source: " + String.join(", ", mismatched));
        }
        return counts;
    }

    private static long count(Connection connection, String table, String where) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table + where)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
