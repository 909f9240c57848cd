package dev.cairn.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cairn.core.dataset.DatasetStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.registry.RegistryStore;
import dev.cairn.core.tracking.TrackingStore;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * The metadata database: owns the connection pool, brings the schema up to date with Flyway on
 * open, and hands out the stores that work on it. H2 and PostgreSQL run the same migrations and
 * the same SQL.
 */
public final class MetadataStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);

    private final HikariDataSource dataSource;
    private final boolean embedded;
    private final TrackingStore tracking;
    private final RegistryStore registry;
    private final DatasetStore datasets;

    private MetadataStore(HikariDataSource dataSource, boolean embedded, TrackingStore tracking, RegistryStore registry,
                          DatasetStore datasets) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.tracking = tracking;
        this.registry = registry;
        this.datasets = datasets;
    }

    /** Opens (creating or migrating as needed) the database the configuration names. */
    public static MetadataStore open(StoreConfig config) {
        return open(config, Clock.systemUTC());
    }

    /** Opens the database with a given clock, which tests may fix. */
    public static MetadataStore open(StoreConfig config, Clock clock) {
        HikariDataSource dataSource = createDataSource(config);
        try {
            Flyway.configure(MetadataStore.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            Database database = new Database(dataSource, config.isPostgres() ? CommitBarrier.NONE : H2CommitBarrier.of(dataSource));
            JdbcTrackingStore tracking = new JdbcTrackingStore(database, config.defaultArtifactRoot(), clock);
            tracking.ensureDefaultExperiment();
            LOG.info("Metadata store open at {}", redact(config.jdbcUrl()));
            return new MetadataStore(dataSource, !config.isPostgres(), tracking, new JdbcRegistryStore(database, clock),
                    new JdbcDatasetStore(database, clock));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** Experiments, runs, params, metrics and tags. */
    public TrackingStore tracking() {
        return tracking;
    }

    /** Registered models, versions, tags and aliases. */
    public RegistryStore registry() {
        return registry;
    }

    /** Registered datasets, their versions, schemas, profiles and splits. */
    public DatasetStore datasets() {
        return datasets;
    }

    /** True if the database answers a trivial query. */
    public boolean isHealthy() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Closes the store. H2 is closed with {@code SHUTDOWN COMPACT}: under a stream of small
     * commits its file holds mostly dead chunks (4.7 GB for 89 MiB of live data after 200,000
     * commits), and compaction on close gives that space back.
     */
    @Override
    public void close() {
        if (embedded) {
            compactH2();
        }
        dataSource.close();
    }

    private void compactH2() {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            LOG.warn("Could not compact the H2 database on close: {}", e.getMessage());
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        } catch (SQLException e) {
            LOG.warn("Could not compact the H2 database on close: {}", e.getMessage());
        }
        // The database is shut down: evict the connection rather than return it, which would roll back on it.
        dataSource.evictConnection(connection);
    }

    private static HikariDataSource createDataSource(StoreConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setAutoCommit(false);
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setPoolName("cairn-metadata");
        hikari.setInitializationFailTimeout(10_000);
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                    "Cannot open the metadata database " + redact(config.jdbcUrl()) + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** The URL without its password, fit for logs and error messages. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
