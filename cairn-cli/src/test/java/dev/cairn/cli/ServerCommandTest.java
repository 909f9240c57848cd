package dev.cairn.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The base of tests of client commands: a real server on a free loopback port for each test,
 * with its data under {@code home}, and a {@code work} folder for the test's own files.
 */
abstract class ServerCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path work;

    CliServer server;

    @BeforeEach
    void startServer() {
        server = CliServer.start(home);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
