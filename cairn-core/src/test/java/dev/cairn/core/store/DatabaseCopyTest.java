package dev.cairn.core.store;

import dev.cairn.core.dataset.DatasetVersion;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.registry.RegisteredModel;
import dev.cairn.core.tracking.Metric;
import dev.cairn.core.tracking.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn db copy}: an H2 database written by an earlier Cairn goes to SQLite, then to
 * PostgreSQL, then back to SQLite, and every table is compared row by row at each step.
 */
class DatabaseCopyTest {
    @TempDir
    Path folder;

    @Test
    void copiesH2ToSqliteToPostgresToSqliteWithEveryTableEqual() throws Exception {
        String h2 = oldH2Database();
        Path h2File = folder.resolve("old-home").resolve("db").resolve("cairn.mv.db");
        byte[] h2Before = Files.readAllBytes(h2File);
        String firstSqlite = StoreConfig.sqliteUrl(folder.resolve("first.db"));
        String secondSqlite = StoreConfig.sqliteUrl(folder.resolve("second.db"));
        try (TestDatabase postgres = TestDatabase.postgres()) {
            List<String> progress = new ArrayList<>();
            List<DatabaseCopy.TableCount> counts = DatabaseCopy.copy(h2, firstSqlite, progress::add);
            assertThat(counts).extracting(DatabaseCopy.TableCount::table)
                    .containsExactlyElementsOf(DatabaseCopy.TABLES.stream().map(DatabaseCopy.CopiedTable::name).toList());
            assertThat(progress).hasSize(DatabaseCopy.TABLES.size()).contains("experiments: 3 rows", "model_versions: 2 rows");
            Map<String, List<String>> original = TableRows.all(h2 + ";ACCESS_MODE_DATA=r");
            // Tables newer than the H2 database's schema (version 5) arrive empty.
            DatabaseCopy.TABLES.forEach(table -> original.putIfAbsent(table.name(), List.of()));
            assertThat(original.get("runs")).hasSize(4);
            assertThat(TableRows.all(firstSqlite)).isEqualTo(original);
            assertThat(Files.readAllBytes(h2File)).as("the source is only read").isEqualTo(h2Before);

            DatabaseCopy.copy(firstSqlite, postgres.jdbcUrl(), line -> { });
            assertThat(TableRows.all(postgres.jdbcUrl())).isEqualTo(original);

            DatabaseCopy.copy(postgres.jdbcUrl(), secondSqlite, line -> { });
            assertThat(TableRows.all(secondSqlite)).isEqualTo(original);

            assertTheOldDataReadsBackAndTakesNewWrites(postgres.storeConfig());
            assertTheOldDataReadsBackAndTakesNewWrites(new StoreConfig(secondSqlite, StoreConfig.PROXIED_ARTIFACT_ROOT, 4));
        }
    }

    @Test
    void refusesATargetThatHoldsDataAndLeavesItUnchanged() throws Exception {
        String target = StoreConfig.sqliteUrl(folder.resolve("busy.db"));
        try (MetadataStore store = MetadataStore.open(new StoreConfig(target, StoreConfig.PROXIED_ARTIFACT_ROOT, 2))) {
            store.tracking().createExperiment("mine", Optional.empty(), List.of());
        }
        Map<String, List<String>> before = TableRows.all(target);
        String source = oldH2Database();
        TrackingStoreContractTest.assertError(() -> DatabaseCopy.copy(source, target, line -> { }),
                ErrorCode.INVALID_PARAMETER_VALUE, "is not empty: experiments (1 rows)");
        assertThat(TableRows.all(target)).isEqualTo(before);
    }

    @Test
    void acceptsATargetThatAServerOnlyStartedOn() throws Exception {
        String target = StoreConfig.sqliteUrl(folder.resolve("started.db"));
        MetadataStore.open(new StoreConfig(target, StoreConfig.PROXIED_ARTIFACT_ROOT, 2)).close();
        DatabaseCopy.copy(oldH2Database(), target, line -> { });
        assertThat(TableRows.all(target).get("experiments")).hasSize(3);
    }

    @Test
    void refusesSourcesThatAreMissingOrNotCairnAndTargetsInH2() throws Exception {
        String target = StoreConfig.sqliteUrl(folder.resolve("target.db"));
        TrackingStoreContractTest.assertError(() -> DatabaseCopy.copy(StoreConfig.sqliteUrl(folder.resolve("missing.db")), target, line -> { }),
                ErrorCode.RESOURCE_DOES_NOT_EXIST, "No SQLite database at");
        assertThat(folder.resolve("missing.db")).doesNotExist();
        Path other = folder.resolve("other.db");
        try (Connection connection = DriverManager.getConnection(StoreConfig.sqliteUrl(other))) {
            connection.createStatement().execute("CREATE TABLE t (x INTEGER)");
        }
        TrackingStoreContractTest.assertError(() -> DatabaseCopy.copy(StoreConfig.sqliteUrl(other), target, line -> { }),
                ErrorCode.INVALID_PARAMETER_VALUE, "is not a Cairn database");
        TrackingStoreContractTest.assertError(() -> DatabaseCopy.copy(target, "jdbc:h2:file:" + folder.resolve("new"), line -> { }),
                ErrorCode.INVALID_PARAMETER_VALUE, "H2 can only be copied from");
        TrackingStoreContractTest.assertError(() -> DatabaseCopy.copy("jdbc:mysql://x/y", target, line -> { }),
                ErrorCode.INVALID_PARAMETER_VALUE, "Unsupported database URL");
    }

    @Test
    void theCopiedTablesAreEveryTableOfTheSchemaOnBothDatabases() throws Exception {
        List<String> copied = DatabaseCopy.TABLES.stream().map(DatabaseCopy.CopiedTable::name).toList();
        String sqlite = StoreConfig.sqliteUrl(folder.resolve("schema.db"));
        MetadataStore.open(new StoreConfig(sqlite, StoreConfig.PROXIED_ARTIFACT_ROOT, 2)).close();
        assertThat(TableRows.all(sqlite).keySet()).containsExactlyInAnyOrderElementsOf(copied);
        try (TestDatabase postgres = TestDatabase.postgres()) {
            MetadataStore.open(postgres.storeConfig()).close();
            assertThat(TableRows.all(postgres.jdbcUrl()).keySet()).containsExactlyInAnyOrderElementsOf(copied);
            assertThat(TableRows.schemaVersion(postgres.jdbcUrl())).isEqualTo(DatabaseCopy.SCHEMA_VERSION);
        }
        assertThat(TableRows.schemaVersion(sqlite)).isEqualTo(DatabaseCopy.SCHEMA_VERSION);
    }

    private void assertTheOldDataReadsBackAndTakesNewWrites(StoreConfig config) {
        try (MetadataStore store = MetadataStore.open(config)) {
            String churn = store.tracking().getExperimentByName("churn").experimentId();
            assertThat(store.tracking().getExperiment(churn).tags()).extracting(tag -> tag.key() + "=" + tag.value()).containsExactly("team=growth");
            Run first = store.tracking().searchRuns(new dev.cairn.core.tracking.RunSearch(List.of(churn),
                    dev.cairn.core.tracking.search.SearchFilter.parseRunFilter("attributes.run_name = 'run-1'"),
                    dev.cairn.core.tracking.ViewType.ALL, 10, List.of(), Optional.empty())).items().get(0);
            assertThat(first.latestMetrics()).extracting(Metric::key).containsExactlyInAnyOrder("rmse", "acc", "inf");
            assertThat(first.latestMetrics()).filteredOn(metric -> metric.key().equals("acc")).singleElement()
                    .satisfies(metric -> assertThat(metric.value()).isNaN());
            assertThat(store.tracking().getMetricHistory(first.info().runId(), "rmse", 100, Optional.empty()).items()).extracting(Metric::value).containsExactly(0.5, 0.4);
            assertThat(first.inputs()).hasSize(1);
            RegisteredModel model = store.registry().getRegisteredModel("churn-model");
            assertThat(model.aliases()).extracting(alias -> alias.alias() + "=" + alias.version()).containsExactly("champion=1");
            DatasetVersion flights = store.datasets().get("flights", 1);
            assertThat(flights.split()).extracting(part -> part.name()).containsExactly("train", "test");

            String next = store.tracking().createExperiment("after-copy", Optional.empty(), List.of());
            assertThat(Long.parseLong(next)).as("ids continue after the copied ones").isEqualTo(3);
            store.registry().createRegisteredModel("second-model", "", List.of());
        }
    }

    /** A copy of the fixture written by an earlier Cairn on H2, as a user's old home would hold it. */
    private String oldH2Database() throws IOException {
        Path file = folder.resolve("old-home").resolve("db").resolve("cairn.mv.db");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            try (InputStream fixture = getClass().getResourceAsStream("/fixtures/h2-schema-v5/cairn.mv.db")) {
                Files.copy(fixture, file);
            }
        }
        return "jdbc:h2:file:" + file.getParent().resolve("cairn").toAbsolutePath();
    }

    /** Every row of every table, normalized so that the same data compares equal on every database. */
    static final class TableRows {
        private TableRows() {
        }

        static Map<String, List<String>> all(String url) throws SQLException {
            Map<String, List<String>> tables = new TreeMap<>();
            try (Connection connection = DriverManager.getConnection(url)) {
                List<String> names = new ArrayList<>();
                try (var rows = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                    while (rows.next()) {
                        String schema = rows.getString("TABLE_SCHEM");
                        String name = rows.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT);
                        boolean system = schema != null && (schema.equalsIgnoreCase("INFORMATION_SCHEMA") || schema.startsWith("pg_"));
                        boolean otherSchema = url.contains("currentSchema=") && !url.contains("currentSchema=" + schema);
                        if (!system && !otherSchema && !name.startsWith("sqlite_") && !name.equals("flyway_schema_history")) {
                            names.add(name);
                        }
                    }
                }
                for (String name : names) {
                    tables.put(name, rows(connection, name));
                }
            }
            return tables;
        }

        static int schemaVersion(String url) throws SQLException {
            try (Connection connection = DriverManager.getConnection(url);
                 var rows = connection.createStatement().executeQuery("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL")) {
                int newest = 0;
                while (rows.next()) {
                    newest = Math.max(newest, Integer.parseInt(rows.getString(1)));
                }
                return newest;
            }
        }

        private static List<String> rows(Connection connection, String table) throws SQLException {
            TreeSet<String> sorted = new TreeSet<>();
            List<String> all = new ArrayList<>();
            try (var rows = connection.createStatement().executeQuery("SELECT * FROM " + table)) {
                var metadata = rows.getMetaData();
                while (rows.next()) {
                    Map<String, String> row = new TreeMap<>();
                    for (int i = 1; i <= metadata.getColumnCount(); i++) {
                        row.put(metadata.getColumnName(i).toLowerCase(java.util.Locale.ROOT), normalize(rows.getObject(i)));
                    }
                    all.add(row.toString());
                }
            }
            sorted.addAll(all);
            assertThat(sorted).as("rows of " + table + " are distinct").hasSize(all.size());
            return List.copyOf(sorted);
        }

        private static String normalize(Object value) {
            if (value == null || value instanceof Double d && d.isNaN()) {
                return "null";
            }
            if (value instanceof Boolean b) {
                return b ? "1" : "0";
            }
            if (value instanceof Double || value instanceof Float) {
                return Double.toString(((Number) value).doubleValue());
            }
            if (value instanceof Number number) {
                return Long.toString(number.longValue());
            }
            if (value instanceof byte[] bytes) {
                return java.util.HexFormat.of().formatHex(bytes);
            }
            return value.toString();
        }
    }
}
