package dev.cairn.core.store;

import dev.cairn.core.tracking.NewRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings every SQLite connection of the store runs with: what makes commits durable and safe. */
class SqliteSettingsTest {
    @TempDir
    Path folder;

    @Test
    void connectionsUseTheWriteAheadLogFullSyncForeignKeysAndABusyTimeout() throws SQLException {
        String url = StoreConfig.sqliteUrl(folder.resolve("db").resolve("cairn.db"));
        try (Connection connection = ConnectionPools.sqlite(url, SQLiteConfig.TransactionMode.IMMEDIATE).getConnection()) {
            assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(connection, "synchronous")).as("FULL").isEqualTo("2");
            assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
            assertThat(pragma(connection, "busy_timeout")).isEqualTo("10000");
        }
    }

    @Test
    void theUrlCanRelaxSynchronousToNormal() throws SQLException {
        String url = StoreConfig.sqliteUrl(folder.resolve("cairn.db")) + "?synchronous=NORMAL";
        try (Connection connection = ConnectionPools.sqlite(url, SQLiteConfig.TransactionMode.IMMEDIATE).getConnection()) {
            assertThat(pragma(connection, "synchronous")).as("NORMAL").isEqualTo("1");
            assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
        }
    }

    @Test
    void plannerStatisticsAreTakenOnceTheRunsTableHasGrown() throws SQLException {
        String url = StoreConfig.sqliteUrl(folder.resolve("stats.db"));
        try (MetadataStore store = MetadataStore.open(new StoreConfig(url, StoreConfig.PROXIED_ARTIFACT_ROOT, 2))) {
            String experiment = store.tracking().createExperiment("stats", Optional.empty(), List.of());
            for (int i = 0; i < 2_100; i++) {
                store.tracking().createRun(new NewRun(experiment, "u", Optional.empty(), i, List.of()));
            }
        }
        try (Connection connection = java.sql.DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT stat FROM sqlite_stat1 WHERE idx = 'runs_experiment_start'")) {
            assertThat(rows.next()).as("ANALYZE ran").isTrue();
            assertThat(Long.parseLong(rows.getString(1).split(" ")[0])).as("runs counted by the last ANALYZE").isGreaterThanOrEqualTo(1_000);
        }
    }

    @Test
    void anIdleStoreHoldsNoLockSoAnotherProcessCanWrite() throws SQLException {
        String url = StoreConfig.sqliteUrl(folder.resolve("shared.db"));
        try (MetadataStore store = MetadataStore.open(new StoreConfig(url, StoreConfig.PROXIED_ARTIFACT_ROOT, 2))) {
            store.tracking().createExperiment("written", Optional.empty(), List.of());
            // A second connection (as another process would open) may write at once while the store sits idle.
            try (Connection other = java.sql.DriverManager.getConnection(url + "?busy_timeout=200");
                 Statement statement = other.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                statement.execute("UPDATE experiments SET last_update_time = last_update_time WHERE name = 'written'");
                statement.execute("COMMIT");
            }
            assertThat(store.tracking().createExperiment("after", Optional.empty(), List.of())).isNotBlank();
        }
    }

    private static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
