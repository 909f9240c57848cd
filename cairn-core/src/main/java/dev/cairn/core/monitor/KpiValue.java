package dev.cairn.core.monitor;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.tracking.TrackingLimits;

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
    /** The last millisecond of year 9999: later times would never be read back. */
    public static final long LAST_MILLISECOND = 253_402_300_799_999L;

    public KpiValue {
        requireNonNull(name, "name is null");
        requireNonNull(deployment, "deployment is null");
        TrackingLimits.checkName("KPI name", name, MAX_NAME_LENGTH);
        if (!Double.isFinite(value)) {
            throw CairnException.invalidParameter("KPI '" + name + "' has the value " + value + "; a KPI value is a finite number");
        }
        if (timeMillis < 0 || timeMillis > LAST_MILLISECOND) {
            throw CairnException.invalidParameter("KPI '" + name + "' has the time " + timeMillis + "; times are epoch milliseconds from 0 "
                    + "to the end of year 9999 (" + LAST_MILLISECOND + ")");
        }
        deployment.ifPresent(served -> TrackingLimits.checkName("KPI's deployment name", served, MAX_NAME_LENGTH));
    }
}
