package dev.cairn.core.registry;

import dev.cairn.core.error.CairnException;

import static java.util.Objects.requireNonNull;

/**
 * The one way an alias ({@code champion}, {@code challenger}) is moved: the REST API, the command
 * line (through the API) and pipeline steps all come here, so the rule is kept in one place. An
 * alias only moves to a READY version: deployments and batch jobs follow aliases, and a version
 * whose registration is pending or failed cannot be loaded. The store keeps no history of alias
 * moves, so who moved it is not recorded here.
 */
public final class ModelPromotion {
    private final RegistryStore registry;

    /** Promotion in this registry. */
    public ModelPromotion(RegistryStore registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    /** Points {@code alias} of model {@code name} at {@code version}, which must be READY; returns that version. */
    public ModelVersion promote(String name, String alias, int version) {
        ModelAlias.checkName(alias);
        ModelVersion target = registry.getModelVersion(name, version);
        if (target.status() != ModelVersionStatus.READY) {
            throw CairnException.invalidParameter("Cannot point alias '" + alias + "' of model '" + name + "' at version " + version
                    + ": it is " + target.status() + ", not READY" + (target.statusMessage().isEmpty() ? "" : " (" + target.statusMessage() + ")"));
        }
        registry.setAlias(name, alias, version);
        return target;
    }
}
