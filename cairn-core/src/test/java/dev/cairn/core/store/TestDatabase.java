package dev.cairn.core.store;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, empty database for one test: a SQLite file in a temporary folder, or a new schema in
 * the PostgreSQL named by {@code CAIRN_TEST_POSTGRES_URL} (default: the local server's
 * {@code test} database). Without a reachable PostgreSQL its tests are skipped, except under
 * {@code CI=true}, where they fail.
 */
public final class TestDatabase implements AutoCloseable {
    /** The PostgreSQL the tests use unless {@code CAIRN_TEST_POSTGRES_URL} names another. */
    public static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    /** The kinds of database every store test runs against. */
    public enum Kind { SQLITE, POSTGRES }

    private final String jdbcUrl;
    private final String adminUrl;
    private final String schema;

    private TestDatabase(String jdbcUrl, String adminUrl, String schema) {
        this.jdbcUrl = jdbcUrl;
        this.adminUrl = adminUrl;
        this.schema = schema;
    }

    /** A fresh database of a kind; SQLite files go in {@code folder}. */
    public static TestDatabase create(Kind kind, Path folder) {
        return kind == Kind.SQLITE ? sqlite(folder) : postgres();
    }

    /** A fresh SQLite file database in a folder. */
    public static TestDatabase sqlite(Path folder) {
        return new TestDatabase(StoreConfig.sqliteUrl(StoreConfig.embeddedFile(folder)), null, null);
    }

    /** A fresh schema in the test PostgreSQL, or a skipped test if there is none (a failure in CI). */
    public static TestDatabase postgres() {
        String base = postgresUrl();
        try (Connection connection = DriverManager.getConnection(base)) {
            String schema = "cairn_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
            }
            String separator = base.contains("?") ? "&" : "?";
            return new TestDatabase(base + separator + "currentSchema=" + schema, base, schema);
        } catch (SQLException e) {
            // Say which it is: no server answering, or a server that refused the login or the database.
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String why = state.startsWith("28") ? "PostgreSQL at " + base + " refused the login (" + e.getMessage() + ")"
                    : state.equals("3D000") ? "PostgreSQL at " + base + " has no such database (" + e.getMessage() + ")"
                    : "No PostgreSQL server answers at " + base + " (" + e.getMessage() + ")";
            String message = why + "; set CAIRN_TEST_POSTGRES_URL to run the PostgreSQL tests";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + ". CI=true requires them.", e);
            }
            Assumptions.abort(message);
            throw new AssertionError("unreachable");
        }
    }

    /** The test PostgreSQL's URL. */
    public static String postgresUrl() {
        String url = System.getenv("CAIRN_TEST_POSTGRES_URL");
        return url == null || url.isBlank() ? DEFAULT_POSTGRES_URL : url;
    }

    /** The database's JDBC URL. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** A store configuration for this database with the proxied artifact root. */
    public StoreConfig storeConfig() {
        return new StoreConfig(jdbcUrl, StoreConfig.PROXIED_ARTIFACT_ROOT, 8);
    }

    /** Drops the PostgreSQL schema; SQLite files go with their temporary folder. */
    @Override
    public void close() {
        if (schema == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(adminUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop test schema " + schema, e);
        }
    }
}
