package dev.cairn.core.monitor;

import dev.cairn.core.error.CairnException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an alert rule watches in each monitored window. */
public enum AlertCondition {
    /** The share of drifted inputs reached the window's dataset threshold. */
    DATASET_DRIFT,
    /** The model's outputs drifted from its outputs on the reference. */
    PREDICTION_DRIFT,
    /** The share of drifted inputs is at or above the rule's threshold. */
    DRIFT_SHARE,
    /** More integrity violations than the rule's threshold. */
    INTEGRITY;

    /** True if the window meets the condition, with the rule's threshold where it has one. */
    public boolean holds(MonitorWindow window, double threshold) {
        return switch (this) {
            case DATASET_DRIFT -> window.datasetDrift();
            case PREDICTION_DRIFT -> window.predictionDrift();
            case DRIFT_SHARE -> window.columns() > 0 && (double) window.driftedColumns() / window.columns() >= threshold;
            case INTEGRITY -> window.integrityIssues() > threshold;
        };
    }

    /** The name in the API: {@code dataset_drift}, {@code prediction_drift}, {@code drift_share}, {@code integrity}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The condition of a wire name; an error listing the names otherwise. */
    public static AlertCondition fromWire(String name) {
        return Arrays.stream(values()).filter(condition -> condition.wireName().equals(name)).findFirst().orElseThrow(() ->
                CairnException.invalidParameter("Unknown alert condition '" + (name.length() > 40 ? name.substring(0, 40) + "..." : name)
                        + "'; use one of " + Arrays.stream(values()).map(AlertCondition::wireName).collect(Collectors.joining(", "))));
    }
}
