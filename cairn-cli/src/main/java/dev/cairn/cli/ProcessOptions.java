package dev.cairn.cli;

import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.serve.log.PredictionLogSettings;
import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerConfig;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * What a long-running Cairn process ({@code cairn server}, {@code cairn serve}) is given: where it
 * listens, its stores, and its prediction log; and how it runs until SIGTERM.
 */
final class ProcessOptions {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--home", paramLabel = "DIR", description = "Data folder (default: $CAIRN_HOME, else ~/.cairn; for quickstart ./cairn-quickstart)")
    Optional<Path> home;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "Metadata database (default: the SQLite file <home>/db/cairn.db; "
            + "for PostgreSQL: jdbc:postgresql://host:5432/db?user=...&password=...)")
    Optional<String> database;

    @Option(names = "--artifacts", paramLabel = "DIR", description = "Artifact folder (default: <home>/artifacts)")
    Optional<Path> artifacts;

    @Option(names = "--shutdown-grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "On SIGTERM, how long requests in flight may finish before they are cancelled (default: ${DEFAULT-VALUE})")
    int shutdownGraceSeconds;

    @Option(names = "--statement-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Longest a request may work on the database before it is stopped with an error (default: ${DEFAULT-VALUE})")
    int statementTimeoutSeconds;

    @Option(names = "--prediction-log-segment-rows", paramLabel = "ROWS", defaultValue = "100000",
            description = "The prediction log closes a Parquet segment after this many predictions (default: ${DEFAULT-VALUE})")
    int segmentRows;

    @Option(names = "--prediction-log-segment-seconds", paramLabel = "SECONDS", defaultValue = "60",
            description = "... or when its first prediction is this old; after kill -9 at most the open segment is lost (default: ${DEFAULT-VALUE})")
    int segmentSeconds;

    @Option(names = "--pipeline-threads", paramLabel = "N", defaultValue = "2",
            description = "Stored pipelines this process runs at once; 0 leaves them to `cairn worker` processes (default: ${DEFAULT-VALUE})")
    int pipelineThreads;

    @Option(names = "--prediction-log-queue", paramLabel = "RECORDS", defaultValue = "65536",
            description = "Predictions waiting to be written; past this they are dropped and counted, never blocking a request (default: ${DEFAULT-VALUE})")
    int queueCapacity;

    /** The data folder when neither --home nor $CAIRN_HOME names one. */
    private final Path fallbackHome;

    /** Options of a process whose data lives in ~/.cairn unless told otherwise. */
    ProcessOptions() {
        this(userHome());
    }

    /** Options of a process with its own data folder when neither --home nor $CAIRN_HOME names one. */
    ProcessOptions(Path fallbackHome) {
        this.fallbackHome = fallbackHome;
    }

    /** The data folder. */
    Path home() {
        return home.or(ProcessOptions::environmentHome).orElse(fallbackHome);
    }

    /** The listening address and prediction log settings, on a port. */
    ServerConfig serverConfig(int port) {
        return new ServerConfig(host, port, Duration.ofSeconds(shutdownGraceSeconds),
                new PredictionLogSettings(queueCapacity, segmentRows, Duration.ofSeconds(segmentSeconds)), pipelineThreads);
    }

    /** Opens (creating or migrating) the metadata store. */
    MetadataStore openMetadata() {
        StoreConfig storeConfig = StoreConfig.embedded(home());
        if (database.isPresent()) {
            storeConfig = storeConfig.withJdbcUrl(database.get());
        } else {
            refuseHomeWithOnlyH2(home());
        }
        return MetadataStore.open(storeConfig.withStatementTimeout(Duration.ofSeconds(statementTimeoutSeconds)));
    }

    /** The artifact store. */
    ArtifactStore artifactStore() {
        return new LocalArtifactStore(artifacts.orElse(home().resolve("artifacts")));
    }

    /** Starts the Cairn server over the metadata store, the artifact store and the package cache under the home. */
    CairnServer startServer(int port, MetadataStore metadata) {
        return new CairnServer(serverConfig(port), metadata, artifactStore(), home().resolve("cache"), Clock.systemUTC()).start();
    }

    /** Blocks until SIGTERM, then stops the process's server and closes its metadata store. */
    static void runUntilStopped(Runnable stop, MetadataStore metadata) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } finally {
                metadata.close();
                stopped.countDown();
            }
        }, "cairn-shutdown"));
        stopped.await();
    }

    /** The data folder: $CAIRN_HOME, else ~/.cairn. */
    static Path defaultHome() {
        return environmentHome().orElseGet(ProcessOptions::userHome);
    }

    private static Optional<Path> environmentHome() {
        String fromEnvironment = System.getenv("CAIRN_HOME");
        return fromEnvironment == null || fromEnvironment.isBlank() ? Optional.empty() : Optional.of(Path.of(fromEnvironment));
    }

    private static Path userHome() {
        return Path.of(System.getProperty("user.home"), ".cairn");
    }

    /**
     * Earlier builds kept the embedded database in H2 ({@code db/cairn.mv.db}). Starting on a new,
     * empty SQLite file beside it would look like lost data, so the server stops and names the
     * command that brings the data over.
     */
    private static void refuseHomeWithOnlyH2(Path cairnHome) {
        Path sqlite = StoreConfig.embeddedFile(cairnHome);
        Path h2 = cairnHome.resolve("db").resolve("cairn.mv.db");
        if (!Files.exists(sqlite) && Files.exists(h2)) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER_VALUE, "The Cairn home " + cairnHome
                    + " holds an H2 database from an earlier Cairn (" + h2 + "), which this version no longer opens. Copy it to SQLite once with:\n"
                    + "  cairn db copy --from jdbc:h2:file:" + cairnHome.resolve("db").resolve("cairn").toAbsolutePath()
                    + " --to " + StoreConfig.sqliteUrl(sqlite) + "\nthen start the server again.");
        }
    }
}
