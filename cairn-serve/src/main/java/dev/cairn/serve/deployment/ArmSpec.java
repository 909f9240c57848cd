package dev.cairn.serve.deployment;

import dev.cairn.core.error.CairnException;
import dev.cairn.serve.repository.VersionSelector;

import static java.util.Objects.requireNonNull;

/**
 * One arm of a deployment's traffic: a version of the deployment's model under a name.
 *
 * @param name {@code stable}, {@code canary} or {@code shadow} for those policies; any name for an A/B split
 * @param weight the arm's share in an A/B split (ignored by the other policies)
 */
public record ArmSpec(String name, VersionSelector version, double weight) {
    /** Weights are relative; a bound keeps their sum finite. */
    public static final double MAX_WEIGHT = 1_000_000;

    public ArmSpec {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw CairnException.invalidParameter("Invalid arm name '" + name + "': use 1 to 64 letters, digits, '_' or '-'");
        }
        if (!(weight >= 0 && weight <= MAX_WEIGHT)) {
            throw CairnException.invalidParameter("Arm '" + name + "' has weight " + weight + "; a weight is a number from 0 to " + (long) MAX_WEIGHT);
        }
    }
}
