package dev.cairn.cli;

import dev.cairn.core.store.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

import java.nio.file.Path;

/**
 * The base of tests of client commands: a real server on a free loopback port for each test,
 * on each database (subclasses are parameterized by {@link TestDatabase.Kind}), with its data under {@code home}, and a {@code work} folder for the test's own files.
 */
abstract class ServerCommandTest {
    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path home;

    @TempDir
    Path work;

    CliServer server;

    @BeforeEach
    void startServer() {
        server = CliServer.start(kind, home);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
