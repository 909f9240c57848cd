package dev.cairn.core.store;

import dev.cairn.core.batch.BatchJobStore;
import dev.cairn.core.dataset.DatasetStore;
import dev.cairn.core.deployment.DeploymentStore;
import dev.cairn.core.monitor.MonitorStore;
import dev.cairn.core.pipeline.PipelineStore;
import dev.cairn.core.registry.RegistryStore;
import dev.cairn.core.tracking.TrackingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The metadata database: owns the connection pools, brings the schema up to date with Flyway on
 * open, and hands out the stores that work on it. SQLite and PostgreSQL run the same store code;
 * their differences are in {@link Dialect} and in one migration folder each.
 */
public final class MetadataStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);

    private final ConnectionPools pools;
    private final Database database;
    private final TrackingStore tracking;
    private final RegistryStore registry;
    private final DatasetStore datasets;
    private final DeploymentStore deployments;
    private final BatchJobStore batchJobs;
    private final PipelineStore pipelines;
    private final MonitorStore monitors;

    private MetadataStore(ConnectionPools pools, Database database, TrackingStore tracking, RegistryStore registry, DatasetStore datasets,
                          DeploymentStore deployments, BatchJobStore batchJobs, PipelineStore pipelines, MonitorStore monitors) {
        this.pools = pools;
        this.database = database;
        this.tracking = tracking;
        this.registry = registry;
        this.datasets = datasets;
        this.deployments = deployments;
        this.batchJobs = batchJobs;
        this.pipelines = pipelines;
        this.monitors = monitors;
    }

    /** Opens (creating or migrating as needed) the database the configuration names. */
    public static MetadataStore open(StoreConfig config) {
        return open(config, Clock.systemUTC());
    }

    /** Opens the database with a given clock, which tests may fix. */
    public static MetadataStore open(StoreConfig config, Clock clock) {
        SchemaMigration.migrate(config.dialect(), config.jdbcUrl());
        ConnectionPools pools = ConnectionPools.open(config);
        try {
            Database database = new Database(config.dialect(), pools.writer(), pools.writer().getMaximumPoolSize(),
                    pools.reader(), pools.reader().getMaximumPoolSize(), config.statementTimeout(), config.writeTimeout());
            JdbcTrackingStore tracking = new JdbcTrackingStore(database, config.defaultArtifactRoot(), clock);
            tracking.ensureDefaultExperiment();
            LOG.info("Metadata store open at {}", redact(config.jdbcUrl()));
            return new MetadataStore(pools, database, tracking, new JdbcRegistryStore(database, clock), new JdbcDatasetStore(database, clock),
                    new JdbcDeploymentStore(database, clock), new JdbcBatchJobStore(database, clock), new JdbcPipelineStore(database, clock),
                    new JdbcMonitorStore(database, clock));
        } catch (RuntimeException e) {
            pools.close();
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

    /** Deployments, their events, prediction-log segments and labels. */
    public DeploymentStore deployments() {
        return deployments;
    }

    /** Batch scoring jobs. */
    public BatchJobStore batchJobs() {
        return batchJobs;
    }

    /** Stored pipelines and the queue of their runs. */
    public PipelineStore pipelines() {
        return pipelines;
    }

    /** Monitored windows of deployments and posted KPI values. */
    public MonitorStore monitors() {
        return monitors;
    }

    /**
     * The connections a job scheduler sharing this database takes for its own table: the write
     * pool, so that on SQLite its writes queue with Cairn's behind the one writer.
     */
    public DataSource schedulerDataSource() {
        return pools.writer();
    }

    /** The database the stores work on, for this package's tests. */
    Database database() {
        return database;
    }

    /** True if the database answers a trivial query. */
    public boolean isHealthy() {
        try (Connection connection = pools.health().getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Closes both pools; on SQLite the last connection to close checkpoints the write-ahead log into the file. */
    @Override
    public void close() {
        pools.close();
        LOG.info("Metadata store closed");
    }

    /** The URL without its password, fit for logs and error messages. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
