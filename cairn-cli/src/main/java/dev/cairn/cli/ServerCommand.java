package dev.cairn.cli;

import dev.cairn.core.store.MetadataStore;
import dev.cairn.server.CairnServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code cairn server}: wires the stores into the HTTP server and runs it until SIGTERM, then
 * stops accepting, finishes requests in flight and closes the database.
 */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the Cairn server.")
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "5000", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Mixin
    ProcessOptions process;

    @Override
    public Integer call() throws InterruptedException {
        MetadataStore metadata = process.openMetadata();
        CairnServer server;
        try {
            server = process.startServer(port, metadata);
        } catch (RuntimeException e) {
            metadata.close();
            throw e;
        }
        System.out.println("Cairn listening on http://" + process.host + ":" + server.port() + " (data in " + process.home() + ")");
        ProcessOptions.runUntilStopped(server::stop, metadata);
        return 0;
    }
}
