package dev.cairn.pipeline.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.registry.ModelPromotion;
import dev.cairn.core.registry.RegistryStore;
import dev.cairn.pipeline.step.ModelVersionDeployer;
import dev.cairn.pipeline.step.ModelVersionOutput;
import dev.cairn.serve.deployment.DeploymentSpec;
import dev.cairn.serve.deployment.Deployments;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Aliases moved through {@link ModelPromotion} and deployments updated through the
 * {@link Deployments} of this process, the objects the server's routes use. A process that hosts
 * no deployments (tests, a benchmark) has none, and pointing one is refused.
 */
public final class StoreModelVersionDeployer implements ModelVersionDeployer {
    private final ModelPromotion promotion;
    private final Optional<Deployments> deployments;

    /** Promotion in {@code registry}; deployments updated through {@code deployments} when this process hosts them. */
    public StoreModelVersionDeployer(RegistryStore registry, Optional<Deployments> deployments) {
        this.promotion = new ModelPromotion(registry);
        this.deployments = requireNonNull(deployments, "deployments is null");
    }

    @Override
    public void setAlias(ModelVersionOutput version, String alias) {
        promotion.promote(version.name(), alias, version.version());
    }

    @Override
    public void pointDeployment(ModelVersionOutput version, String deployment) {
        Deployments hosted = deployments.orElseThrow(() -> CairnException.invalidParameter("Cannot point deployment '" + deployment
                + "' at " + version.name() + " version " + version.version() + ": this process hosts no deployments (run the pipeline"
                + " with `cairn pipelines run` against the server)"));
        String served = DeploymentSpec.parse(hosted.get(deployment).spec()).model();
        if (!served.equals(version.name())) {
            throw CairnException.invalidParameter("Deployment '" + deployment + "' serves model '" + served + "', not '" + version.name() + "'");
        }
        hosted.update(deployment, JsonNodeFactory.instance.objectNode().put("version", version.version()));
    }
}
