package dev.cairn.cli;

import dev.cairn.core.store.MetadataStore;
import dev.cairn.server.ServingServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code cairn serve}: a stateless serving process for one or more deployments, on the same stores
 * as the server (its PostgreSQL and artifact folder or S3 in production). Several behind a load
 * balancer scale serving out; with one deployment it also answers MLflow's root
 * {@code POST /invocations}, as {@code mlflow models serve} does.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve deployments (OIP /v2 and MLflow /invocations) from the shared stores.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--deployment", required = true, paramLabel = "NAME", description = "A deployment to serve (repeat for several)")
    List<String> deployments;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Mixin
    ProcessOptions process;

    @Override
    public Integer call() throws InterruptedException {
        MetadataStore metadata = process.openMetadata();
        ServingServer server;
        try {
            // A name that is not a deployment is an operator's typo: refuse it now, not with 404s later.
            deployments.forEach(name -> metadata.deployments().get(name));
            server = new ServingServer(process.serverConfig(port), deployments, metadata, process.artifactStore(),
                    process.home().resolve("cache"), Clock.systemUTC()).start();
        } catch (RuntimeException e) {
            metadata.close();
            throw e;
        }
        System.out.println("Cairn serving " + String.join(", ", deployments) + " on http://" + process.host + ":" + server.port());
        ProcessOptions.runUntilStopped(server::stop, metadata);
        return 0;
    }
}
