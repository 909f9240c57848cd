package dev.cairn.core.registry;

/** Where a model version is in registration, as MLflow names it. */
public enum ModelVersionStatus {
    /** Created; its files are being loaded and checked. */
    PENDING_REGISTRATION,
    /** Its files failed to load or to answer; the status message says why. */
    FAILED_REGISTRATION,
    /** Registered and usable. */
    READY
}
