package dev.cairn.core.deployment;

import static java.util.Objects.requireNonNull;

/**
 * Something that happened to a deployment: a rollout, a version failing to load, a rollback.
 *
 * @param kind a short lower-case word ({@code created}, {@code ready}, {@code failed}, {@code rollback}...)
 */
public record DeploymentEvent(String deployment, long time, String kind, String message) {
    public DeploymentEvent {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(message, "message is null");
    }
}
