package dev.cairn.cli;

import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "Metadata database (default: H2 file under the home; "
            + "for PostgreSQL: jdbc:postgresql://host:5432/db?user=...&password=...)")
    Optional<String> database;

    @Option(names = "--artifacts", paramLabel = "DIR", description = "Artifact folder (default: <home>/artifacts)")
    Optional<Path> artifacts;

    @Override
    public Integer call() throws InterruptedException {
        Path cairnHome = home.orElseGet(ServerCommand::defaultHome);
        StoreConfig storeConfig = StoreConfig.embedded(cairnHome);
        if (database.isPresent()) {
            storeConfig = storeConfig.withJdbcUrl(database.get());
        }
        MetadataStore metadata = MetadataStore.open(storeConfig);
        CairnServer server;
        try {
            server = new CairnServer(new ServerConfig(host, port, Duration.ofSeconds(30)), metadata,
                    new LocalArtifactStore(artifacts.orElse(cairnHome.resolve("artifacts"))), Clock.systemUTC()).start();
        } catch (RuntimeException e) {
            metadata.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            metadata.close();
            stopped.countDown();
        }, "cairn-shutdown"));
        System.out.println("Cairn listening on http://" + host + ":" + server.port() + " (data in " + cairnHome + ")");
        stopped.await();
        return 0;
    }

    private static Path defaultHome() {
        String fromEnvironment = System.getenv("CAIRN_HOME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        return Path.of(System.getProperty("user.home"), ".cairn");
    }
}
