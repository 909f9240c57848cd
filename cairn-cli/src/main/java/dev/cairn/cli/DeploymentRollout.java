package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A deployment's changes as a client makes them: create or change the spec, then follow the
 * server's rollout of that revision until it is ready or failed.
 */
final class DeploymentRollout {
    private static final String API = "/api/v1/deployments";
    /** Often enough that a command returns soon after a rollout, rarely enough not to load the server. */
    private static final Duration POLL = Duration.ofMillis(250);

    private final CairnClient client;

    /** What the server answered to a change: the deployment as stored, and whether the change created it. */
    record Change(JsonNode deployment, boolean created) {
        Change {
            requireNonNull(deployment, "deployment is null");
        }

        /** The deployment's name. */
        String name() {
            return deployment.path("name").asText();
        }

        /** The revision the change created: the one to follow until it settles. */
        long revision() {
            return deployment.path("revision").asLong();
        }
    }

    /** Changes made through a client of one server. */
    DeploymentRollout(CairnClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    /** The path of a deployment in the API. */
    static String path(String name) {
        return API + "/" + name;
    }

    /**
     * Creates a deployment from a spec or, if one by that name exists, changes it to that spec:
     * the model, the stable version, the traffic policy and the settings the spec gives.
     */
    Change createOrUpdate(String name, ObjectNode spec) {
        try {
            return new Change(client.post(API, spec.deepCopy().put("name", name)).path("deployment"), true);
        } catch (CairnClient.ServerError e) {
            if (!e.code().equals("RESOURCE_ALREADY_EXISTS")) {
                throw e;
            }
        }
        return update(name, spec);
    }

    /** Changes a deployment; the fields a change may set are those of {@code PATCH /api/v1/deployments/{name}}. */
    Change update(String name, ObjectNode change) {
        return new Change(client.patch(path(name), change).path("deployment"), false);
    }

    /** A deployment with its spec, serving arms and newest events. */
    JsonNode get(String name) {
        return client.get(path(name), Map.of()).path("deployment");
    }

    /**
     * Polls a deployment until the server has settled a revision at least as new as the given one
     * (ready or failed); empty if it has not within the timeout. A newer revision counts: an
     * alias that moved or a rollback supersedes the change being followed.
     */
    Optional<JsonNode> awaitSettled(String name, long revision, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode deployment = get(name);
            if (deployment.path("revision").asLong() >= revision && !deployment.path("state").asText().equals("starting")) {
                return Optional.of(deployment);
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** The arms a deployment serves, as {@code stable=v1 (90%), canary=v2 (10%)}; "-" when it serves nothing yet. */
    static String servingArms(JsonNode deployment) {
        List<String> arms = new ArrayList<>();
        for (JsonNode arm : deployment.path("serving").path("arms")) {
            arms.add(arm.path("arm").asText() + "=v" + arm.path("version").asText() + " (" + percent(arm.path("percent").asDouble()) + "%)");
        }
        return arms.isEmpty() ? "-" : String.join(", ", arms);
    }

    /** The traffic policy a deployment serves with, or the one its spec asks for while it serves nothing. */
    static String policy(JsonNode deployment) {
        return deployment.path("serving").path("policy").asText(deployment.path("spec").path("traffic").path("policy").asText("single"));
    }

    private static String percent(double percent) {
        return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    }
}
