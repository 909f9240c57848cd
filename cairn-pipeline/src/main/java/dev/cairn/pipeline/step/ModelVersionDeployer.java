package dev.cairn.pipeline.step;

/**
 * Puts registered model versions to use: the one thing the {@code deploy} step needs from the
 * registry and the deployments. Both moves go through the code the REST API runs (the registry's
 * promotion, a deployment's update), so a pipeline follows the same rules as a person. Implemented
 * over the stores in-process and over the REST API by the command line.
 */
public interface ModelVersionDeployer {
    /** Points {@code alias} of the version's model at it; the version must be READY. */
    void setAlias(ModelVersionOutput version, String alias);

    /**
     * Points the stable arm of the existing deployment {@code deployment}, which must serve the
     * version's model, at the version. The deployment rolls it out as any update: loaded and warmed
     * before it takes traffic, under the deployment's traffic policy and rollback rule.
     */
    void pointDeployment(ModelVersionOutput version, String deployment);
}
