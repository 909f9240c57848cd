package dev.cairn.bench;

import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.store.Dialect;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Cairn server started in this JVM for a benchmark: on the embedded SQLite file of a home, or
 * on the database a {@code --db} URL names (a PostgreSQL URL should name its own
 * {@code currentSchema}, which is created if missing and kept, so a populated schema is reused).
 */
final class BenchServer implements AutoCloseable {
    private final Path home;
    private final StoreConfig config;
    private final MetadataStore metadata;
    private final LocalArtifactStore artifacts;
    private final CairnServer server;

    BenchServer(Path home, Optional<String> databaseUrl) throws SQLException {
        this.home = home;
        StoreConfig embedded = StoreConfig.embedded(home);
        this.config = databaseUrl.map(embedded::withJdbcUrl).orElse(embedded);
        if (config.dialect() == Dialect.POSTGRESQL) {
            createSchemaIfMissing(config.jdbcUrl());
        }
        this.metadata = MetadataStore.open(config);
        this.artifacts = new LocalArtifactStore(home.resolve("artifacts"));
        this.server = new CairnServer(new ServerConfig("127.0.0.1", 0, Duration.ofSeconds(5)), metadata,
                artifacts, home.resolve("cache"), Clock.systemUTC()).start();
    }

    /** Splits {@code --db URL} from a benchmark's positional arguments. */
    record Arguments(java.util.List<String> positional, Optional<String> databaseUrl) {
        static Arguments parse(String[] args) {
            java.util.List<String> positional = new java.util.ArrayList<>();
            Optional<String> url = Optional.empty();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--db") && i + 1 < args.length) {
                    url = Optional.of(args[++i]);
                } else {
                    positional.add(args[i]);
                }
            }
            return new Arguments(positional, url);
        }

        /** The positional argument at an index, or a default. */
        String at(int index, String fallback) {
            return index < positional.size() ? positional.get(index) : fallback;
        }
    }

    MetadataStore metadata() {
        return metadata;
    }

    /** The server's artifact store, for benchmarks that read registered packages the way the server does. */
    LocalArtifactStore artifacts() {
        return artifacts;
    }

    /** The home folder the server keeps its database, artifacts and cache in. */
    Path home() {
        return home;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The database's name, for the printed figures. */
    String databaseName() {
        return config.dialect() == Dialect.SQLITE ? "SQLite" : "PostgreSQL";
    }

    /** The JDBC URL of the database, for benchmarks that load it directly. */
    String jdbcUrl() {
        return config.jdbcUrl();
    }

    /** The size of the database, in MiB: the SQLite files (with the log), or PostgreSQL's tables and indexes in the schema. */
    double databaseMebibytes() throws IOException, SQLException {
        if (config.dialect() == Dialect.SQLITE) {
            try (Stream<Path> files = Files.walk(home.resolve("db"))) {
                return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum() / 1048576.0;
            }
        }
        try (Connection connection = DriverManager.getConnection(config.jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet size = statement.executeQuery("SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                     + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'")) {
            size.next();
            return size.getLong(1) / 1048576.0;
        }
    }

    /**
     * On PostgreSQL, refreshes the planner statistics, as autovacuum does on its own a minute or
     * so after a bulk change (autovacuum is off on the benchmark machine's PostgreSQL). Cairn
     * refreshes SQLite's statistics itself. Returns the seconds it took, or 0.
     */
    double analyzePostgres() throws SQLException {
        if (config.dialect() != Dialect.POSTGRESQL) {
            return 0;
        }
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(config.jdbcUrl()); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void createSchemaIfMissing(String url) throws SQLException {
        int at = url.indexOf("currentSchema=");
        if (at < 0) {
            throw new IllegalArgumentException("Name a schema for the benchmark in the PostgreSQL URL: ...&currentSchema=cairn_bench");
        }
        String schema = url.substring(at + "currentSchema=".length()).split("&")[0];
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Use a plain lower-case schema name, not '" + schema + "'");
        }
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
    }

    @Override
    public void close() {
        server.stop();
        metadata.close();
    }
}
