package dev.cairn.cli;

import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.serve.log.PredictionLogSettings;
import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code cairn server}: wires the stores into the HTTP server and runs it until SIGTERM, then
 * stops accepting, finishes requests in flight and closes the database.
 */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the Cairn server.")
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "5000", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--home", paramLabel = "DIR", description = "Data folder (default: $CAIRN_HOME, else ~/.cairn)")
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

    @Option(names = "--prediction-log-queue", paramLabel = "RECORDS", defaultValue = "65536",
            description = "Predictions waiting to be written; past this they are dropped and counted, never blocking a request (default: ${DEFAULT-VALUE})")
    int queueCapacity;

    @Override
    public Integer call() throws InterruptedException {
        Path cairnHome = home.orElseGet(ServerCommand::defaultHome);
        StoreConfig storeConfig = StoreConfig.embedded(cairnHome);
        if (database.isPresent()) {
            storeConfig = storeConfig.withJdbcUrl(database.get());
        } else {
            refuseHomeWithOnlyH2(cairnHome);
        }
        MetadataStore metadata = MetadataStore.open(storeConfig.withStatementTimeout(Duration.ofSeconds(statementTimeoutSeconds)));
        CairnServer server;
        try {
            server = new CairnServer(new ServerConfig(host, port, Duration.ofSeconds(shutdownGraceSeconds),
                    new PredictionLogSettings(queueCapacity, segmentRows, Duration.ofSeconds(segmentSeconds))), metadata,
                    new LocalArtifactStore(artifacts.orElse(cairnHome.resolve("artifacts"))), cairnHome.resolve("cache"), Clock.systemUTC()).start();
        } catch (RuntimeException e) {
            metadata.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } finally {
                metadata.close();
                stopped.countDown();
            }
        }, "cairn-shutdown"));
        System.out.println("Cairn listening on http://" + host + ":" + server.port() + " (data in " + cairnHome + ")");
        stopped.await();
        return 0;
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

    /** The data folder: $CAIRN_HOME, else ~/.cairn. */
    static Path defaultHome() {
        String fromEnvironment = System.getenv("CAIRN_HOME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        return Path.of(System.getProperty("user.home"), ".cairn");
    }
}
