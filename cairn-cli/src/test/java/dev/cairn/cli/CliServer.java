package dev.cairn.cli;

import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerConfig;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Cairn server on a free loopback port over a fresh database of a kind (a SQLite file under
 * the home, or a PostgreSQL schema), with artifacts under the home, and the command line pointed
 * at it.
 */
final class CliServer implements AutoCloseable {
    private final TestDatabase database;
    private final MetadataStore metadata;
    private final CairnServer server;
    private final String url;
    private final Path cache;

    /** What one command printed and returned. */
    record Result(int exitCode, String out, String err) {
    }

    private CliServer(TestDatabase.Kind kind, Path home) {
        database = TestDatabase.create(kind, home);
        metadata = MetadataStore.open(database.storeConfig());
        server = new CairnServer(new ServerConfig("127.0.0.1", 0, Duration.ofSeconds(5)), metadata,
                new LocalArtifactStore(home.resolve("artifacts")), home.resolve("cache"), Clock.systemUTC()).start();
        url = "http://127.0.0.1:" + server.port();
        cache = home.resolve("client-cache");
    }

    /** Starts a server on a database of a kind, with its files under {@code home}. */
    static CliServer start(TestDatabase.Kind kind, Path home) {
        return new CliServer(kind, home);
    }

    /** The server's base URL. */
    String url() {
        return url;
    }

    /** Runs {@code cairn args... --server URL} in this JVM and captures what it printed. */
    Result cairn(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--server");
        all.add(url);
        all.add("--cache");
        all.add(cache.toString());
        return cairnWithoutServer(all.toArray(String[]::new));
    }

    /** Runs {@code cairn args...} as given. */
    static Result cairnWithoutServer(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = CairnCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    @Override
    public void close() {
        server.stop();
        metadata.close();
        database.close();
    }
}
