package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a command that changes a deployment waits for the server to roll the change out, and
 * for how long; and what it prints about the outcome.
 */
final class RolloutWait {
    @Option(names = "--no-wait", description = "Return once the server has accepted the change, without waiting for the rollout")
    boolean noWait;

    @Option(names = "--wait-seconds", paramLabel = "S", defaultValue = "120",
            description = "How long to wait for the deployment to be ready (default: ${DEFAULT-VALUE})")
    long waitSeconds;

    /**
     * Prints the change and, unless told not to wait, follows its rollout: the serving arms and the
     * endpoint once ready; the server's message on stderr if it failed or did not settle in time.
     * Returns the exit code: 0 when ready (or not waited for), 1 otherwise.
     */
    int report(ClientOptions client, DeploymentRollout.Change change, PrintWriter out, PrintWriter err) {
        String name = change.name();
        out.printf("%s: %s revision %d%n", name, change.created() ? "created deployment at" : "updated deployment to", change.revision());
        if (noWait) {
            out.printf("%s: rolling out in the background; follow it with `cairn deployments show %s`%n", name, name);
            out.flush();
            return 0;
        }
        out.flush();
        Optional<JsonNode> settled = new DeploymentRollout(client.client()).awaitSettled(name, change.revision(), Duration.ofSeconds(waitSeconds));
        if (settled.isEmpty()) {
            err.printf("error: %s is not ready after %d s: revision %d is still starting. The server keeps rolling it out; "
                    + "follow it with `cairn deployments show %s`%n", name, waitSeconds, change.revision(), name);
            err.flush();
            return 1;
        }
        JsonNode deployment = settled.get();
        if (deployment.path("state").asText().equals("failed")) {
            err.printf("error: %s failed: %s%n", name, deployment.path("state_message").asText());
            err.flush();
            return 1;
        }
        out.printf("%s ready: %s at %s%s/infer%n", name, DeploymentRollout.servingArms(deployment), client.server.replaceAll("/+$", ""),
                deployment.path("endpoint").asText());
        out.flush();
        return 0;
    }
}
