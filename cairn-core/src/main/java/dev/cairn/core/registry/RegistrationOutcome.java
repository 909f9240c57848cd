package dev.cairn.core.registry;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * How the check of a new version's files ended: READY or FAILED_REGISTRATION, why, and for a
 * READY version the manifest of the files that were checked.
 */
public record RegistrationOutcome(ModelVersionStatus status, String message, List<ModelFile> files) {
    public RegistrationOutcome {
        requireNonNull(status, "status is null");
        requireNonNull(message, "message is null");
        files = List.copyOf(files);
        if (status == ModelVersionStatus.PENDING_REGISTRATION) {
            throw new IllegalArgumentException("an outcome is READY or FAILED_REGISTRATION");
        }
        if (status == ModelVersionStatus.FAILED_REGISTRATION && !files.isEmpty()) {
            throw new IllegalArgumentException("a failed registration has no files");
        }
    }

    /** The version is usable. */
    public static RegistrationOutcome ready(String message) {
        return new RegistrationOutcome(ModelVersionStatus.READY, message, List.of());
    }

    /** The version's files failed the check. */
    public static RegistrationOutcome failed(String reason) {
        return new RegistrationOutcome(ModelVersionStatus.FAILED_REGISTRATION, reason, List.of());
    }

    /** This outcome with the manifest of the files that were checked (kept only if READY). */
    public RegistrationOutcome withFiles(List<ModelFile> checked) {
        return status == ModelVersionStatus.READY ? new RegistrationOutcome(status, message, checked) : this;
    }
}
