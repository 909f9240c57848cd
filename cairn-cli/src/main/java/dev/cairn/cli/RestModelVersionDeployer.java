package dev.cairn.cli;

import dev.cairn.core.error.CairnException;
import dev.cairn.pipeline.step.ModelVersionDeployer;
import dev.cairn.pipeline.step.ModelVersionOutput;

/**
 * Aliases and deployments pointed at model versions through a server: the alias route (which
 * moves the alias through the server's promotion) and the deployment update that {@code cairn
 * deployments update} makes, so the deployment's rollout rules apply.
 */
final class RestModelVersionDeployer implements ModelVersionDeployer {
    private final CairnClient client;
    private final DeploymentRollout deployments;

    RestModelVersionDeployer(CairnClient client) {
        this.client = client;
        this.deployments = new DeploymentRollout(client);
    }

    @Override
    public void setAlias(ModelVersionOutput version, String alias) {
        client.post("/api/2.0/mlflow/registered-models/alias", CairnClient.JSON.createObjectNode()
                .put("name", version.name()).put("alias", alias).put("version", Integer.toString(version.version())));
    }

    @Override
    public void pointDeployment(ModelVersionOutput version, String deployment) {
        String served = deployments.get(deployment).path("spec").path("model").asText();
        if (!served.equals(version.name())) {
            throw CairnException.invalidParameter("Deployment '" + deployment + "' serves model '" + served + "', not '" + version.name() + "'");
        }
        deployments.update(deployment, CairnClient.JSON.createObjectNode().put("version", version.version()));
    }
}
