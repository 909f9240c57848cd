package dev.cairn.core.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Registers model versions: the version is created PENDING_REGISTRATION (which fixes its number),
 * its files are checked, and it ends READY or FAILED_REGISTRATION with the reason, so no broken
 * version is ever READY.
 */
public final class ModelRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistrar.class);

    private final RegistryStore registry;
    private final ModelValidator validator;

    /** A registrar over a registry, with the check each new version must pass. */
    public ModelRegistrar(RegistryStore registry, ModelValidator validator) {
        this.registry = requireNonNull(registry, "registry is null");
        this.validator = requireNonNull(validator, "validator is null");
    }

    /** Registers a version and returns it in its final status. */
    public ModelVersion register(NewModelVersion newVersion) {
        return finish(registry.createModelVersion(newVersion));
    }

    /** Finishes versions left pending by a server that stopped mid-registration. */
    public void finishPending() {
        for (ModelVersion pending : registry.pendingVersions()) {
            LOG.info("Finishing the registration of version {} of model '{}'", pending.version(), pending.name());
            finish(pending);
        }
    }

    private ModelVersion finish(ModelVersion pending) {
        RegistrationOutcome outcome;
        try {
            outcome = validator.validate(pending);
        } catch (RuntimeException e) {
            LOG.warn("Validation of version {} of model '{}' failed unexpectedly", pending.version(), pending.name(), e);
            outcome = RegistrationOutcome.failed("Validation failed unexpectedly: " + e.getMessage());
        }
        return registry.finishRegistration(pending.name(), pending.version(), outcome);
    }
}
