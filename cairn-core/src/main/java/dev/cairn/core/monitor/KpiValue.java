package dev.cairn.core.monitor;

import dev.cairn.core.error.CairnException;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One value of a business figure an application posted (conversion rate, revenue, complaints),
 * optionally about one deployment, so it can be read beside the model versions that served.
 *
 * @param name the KPI's name
 * @param value its value
 * @param timeMillis when it was measured, epoch milliseconds
 * @param deployment the deployment it is about, if any
 */
public record KpiValue(String name, double value, long timeMillis, Optional<String> deployment) {
    /** The longest KPI name. */
    public static final int MAX_NAME_LENGTH = 256;

    public KpiValue {
        requireNonNull(name, "name is null");
        requireNonNull(deployment, "deployment is null");
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw CairnException.invalidParameter("A KPI name must have 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (!Double.isFinite(value)) {
            throw CairnException.invalidParameter("KPI '" + name + "' has the value " + value + "; a KPI value is a finite number");
        }
        if (timeMillis < 0) {
            throw CairnException.invalidParameter("KPI '" + name + "' has a negative time; times are epoch milliseconds");
        }
        if (deployment.isPresent() && (deployment.get().isBlank() || deployment.get().length() > MAX_NAME_LENGTH)) {
            throw CairnException.invalidParameter("A KPI's deployment name must have 1 to " + MAX_NAME_LENGTH + " characters");
        }
    }
}
