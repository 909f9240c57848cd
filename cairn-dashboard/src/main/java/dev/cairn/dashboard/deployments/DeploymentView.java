package dev.cairn.dashboard.deployments;

import dev.cairn.core.deployment.Deployment;
import dev.cairn.core.deployment.DeploymentEvent;
import dev.cairn.serve.deployment.ArmTraffic;
import dev.cairn.serve.log.PredictionRecord;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A deployment's page, and (its live part) what the page polls every few seconds.
 *
 * @param spec the deployment's spec as indented JSON
 * @param traffic each serving arm's requests, errors and latency over the last {@link DeploymentPages#WINDOW}
 * @param recent the latest predictions, newest first
 */
public record DeploymentView(Deployment deployment, String spec, List<ArmTraffic> traffic, List<PredictionRecord> recent,
                             List<DeploymentEvent> events) {
    public DeploymentView {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(spec, "spec is null");
        traffic = List.copyOf(traffic);
        recent = List.copyOf(recent);
        events = List.copyOf(events);
    }

    /** Seconds in the traffic window, for the page's labels. */
    public long windowSeconds() {
        return DeploymentPages.WINDOW.toSeconds();
    }
}
