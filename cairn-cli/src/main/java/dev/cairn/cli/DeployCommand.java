package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code cairn deploy NAME --model M --version V}: serves a registered model's version at
 * {@code /v2/models/NAME} (and MLflow's {@code /deployments/NAME/invocations}), optionally with a
 * canary or a shadow, and waits until it is ready.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploy a registered model's version: create the deployment, or change an existing one to this spec "
                + "(settings not given keep their values), then wait until it serves.",
                "Exits 1 if the rollout fails or is not ready in time; the version serving before a failed change keeps serving."})
final class DeployCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Mixin
    ChallengerOptions challenger;

    @Mixin
    RolloutWait wait;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Deployment name: its endpoint is /v2/models/NAME")
    String name;

    @Option(names = "--model", required = true, description = "Registered model to serve")
    String model;

    @Option(names = "--version", paramLabel = "V", description = "The stable version")
    Integer version;

    @Option(names = "--alias", paramLabel = "ALIAS", description = "The stable version is the one this alias points to (followed when it moves)")
    String alias;

    @Option(names = "--threads", paramLabel = "N", description = "Threads scoring requests")
    Integer threads;

    @Option(names = "--max-batch-size", paramLabel = "N", description = "Most rows scored in one batch of requests")
    Integer maxBatchSize;

    @Option(names = "--max-wait-ms", paramLabel = "MS", description = "Longest a request waits for others to batch with")
    Integer maxWaitMillis;

    @Option(names = "--timeout-ms", paramLabel = "MS", description = "Longest a request may take before it is answered with an error")
    Integer timeoutMillis;

    @Override
    public Integer call() {
        if ((version == null) == (alias == null)) {
            throw CairnException.invalidParameter("Give the stable version with --version V or --alias A");
        }
        ObjectNode deployment = ChallengerOptions.selector(CairnClient.JSON.createObjectNode().put("model", model), version, alias);
        Optional<ObjectNode> traffic = challenger.traffic();
        deployment.set("traffic", traffic.orElseGet(() -> CairnClient.JSON.createObjectNode().put("policy", "single")));
        ObjectNode settings = CairnClient.JSON.createObjectNode();
        Optional.ofNullable(threads).ifPresent(value -> settings.put("threads", value));
        Optional.ofNullable(maxBatchSize).ifPresent(value -> settings.put("max_batch_size", value));
        Optional.ofNullable(maxWaitMillis).ifPresent(value -> settings.put("max_wait_ms", value));
        Optional.ofNullable(timeoutMillis).ifPresent(value -> settings.put("timeout_ms", value));
        if (!settings.isEmpty()) {
            deployment.set("settings", settings);
        }
        DeploymentRollout.Change change = new DeploymentRollout(client.client()).createOrUpdate(name, deployment);
        return wait.report(client, change, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
