package dev.cairn.core.tracking;

import dev.cairn.core.error.CairnException;

import java.util.Locale;

/** Whether an experiment or run is live or soft-deleted (and so restorable). */
public enum LifecycleStage {
    ACTIVE,
    DELETED;

    /** The lower-case name MLflow uses on the wire and in the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses MLflow's wire name ({@code active}, {@code deleted}). */
    public static LifecycleStage fromWireName(String name) {
        for (LifecycleStage stage : values()) {
            if (stage.wireName().equalsIgnoreCase(name)) {
                return stage;
            }
        }
        throw CairnException.invalidParameter("Unknown lifecycle stage '" + name + "'; expected 'active' or 'deleted'");
    }
}
