package dev.cairn.bench;

import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.time.Clock;
import java.time.Duration;

/** A Cairn server on the embedded H2 database in a given home, started in this JVM for a benchmark. */
final class BenchServer implements AutoCloseable {
    private final Path home;
    private final MetadataStore metadata;
    private final CairnServer server;

    BenchServer(Path home) {
        this.home = home;
        this.metadata = MetadataStore.open(StoreConfig.embedded(home));
        this.server = new CairnServer(new ServerConfig("127.0.0.1", 0, Duration.ofSeconds(5)), metadata,
                new LocalArtifactStore(home.resolve("artifacts")), Clock.systemUTC()).start();
    }

    MetadataStore metadata() {
        return metadata;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The size of the database files, in MiB: the disk cost of what the benchmark wrote. */
    double databaseMebibytes() throws IOException {
        try (Stream<Path> files = Files.walk(home.resolve("db"))) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum() / 1048576.0;
        }
    }

    @Override
    public void close() {
        server.stop();
        metadata.close();
    }
}
