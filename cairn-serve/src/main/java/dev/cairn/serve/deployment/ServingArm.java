package dev.cairn.serve.deployment;

import dev.cairn.core.registry.ModelVersion;
import dev.cairn.model.pkg.ModelDescriptor;

import static java.util.Objects.requireNonNull;

/**
 * A version serving under a deployment, as the API reports it.
 *
 * @param percent the arm's share of requests (0 for a shadow, which gets copies)
 * @param descriptor the version's package descriptor: its signature and classes
 */
public record ServingArm(String arm, ModelVersion version, double percent, ModelDescriptor descriptor) {
    public ServingArm {
        requireNonNull(arm, "arm is null");
        requireNonNull(version, "version is null");
        requireNonNull(descriptor, "descriptor is null");
    }
}
