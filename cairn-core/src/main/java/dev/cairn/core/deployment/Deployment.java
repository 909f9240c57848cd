package dev.cairn.core.deployment;

import static java.util.Objects.requireNonNull;

/**
 * A deployment as the metadata store keeps it. The store does not interpret the spec or what is
 * serving: both are JSON owned by the serving module, so that a new traffic policy needs no schema
 * change.
 *
 * @param name the deployment's name, which is also its model name in the inference protocols
 * @param spec what the deployment should serve and how (JSON)
 * @param state where it is in its life
 * @param stateMessage why it is in that state (the load error of a failed deployment)
 * @param serving which versions actually serve which share of traffic (JSON), as last reported
 * @param revision incremented by each change of the spec, so hosts notice changes
 */
public record Deployment(String name, String spec, DeploymentState state, String stateMessage, String serving,
                         long revision, long creationTime, long lastUpdatedTime) {
    public Deployment {
        requireNonNull(name, "name is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(state, "state is null");
        requireNonNull(stateMessage, "stateMessage is null");
        requireNonNull(serving, "serving is null");
    }
}
