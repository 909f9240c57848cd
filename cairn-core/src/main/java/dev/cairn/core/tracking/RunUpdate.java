package dev.cairn.core.tracking;

import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/** The changes {@code runs/update} may make; an empty field leaves the run's value as it is. */
public record RunUpdate(Optional<RunStatus> status, OptionalLong endTime, Optional<String> runName) {
    public RunUpdate {
        requireNonNull(status, "status is null");
        requireNonNull(endTime, "endTime is null");
        requireNonNull(runName, "runName is null");
    }
}
