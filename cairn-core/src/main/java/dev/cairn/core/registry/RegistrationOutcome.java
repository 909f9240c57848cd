package dev.cairn.core.registry;

import static java.util.Objects.requireNonNull;

/** How the check of a new version's files ended: READY or FAILED_REGISTRATION, and why. */
public record RegistrationOutcome(ModelVersionStatus status, String message) {
    public RegistrationOutcome {
        requireNonNull(status, "status is null");
        requireNonNull(message, "message is null");
        if (status == ModelVersionStatus.PENDING_REGISTRATION) {
            throw new IllegalArgumentException("an outcome is READY or FAILED_REGISTRATION");
        }
    }

    /** The version is usable. */
    public static RegistrationOutcome ready(String message) {
        return new RegistrationOutcome(ModelVersionStatus.READY, message);
    }

    /** The version's files failed the check. */
    public static RegistrationOutcome failed(String reason) {
        return new RegistrationOutcome(ModelVersionStatus.FAILED_REGISTRATION, reason);
    }
}
