package dev.cairn.core.tracking;

import dev.cairn.core.error.CairnException;

import java.util.Arrays;
import java.util.List;

/** Which lifecycle stages a search returns. */
public enum ViewType {
    ACTIVE_ONLY(List.of(LifecycleStage.ACTIVE)),
    DELETED_ONLY(List.of(LifecycleStage.DELETED)),
    ALL(List.of(LifecycleStage.ACTIVE, LifecycleStage.DELETED));

    private final List<LifecycleStage> stages;

    ViewType(List<LifecycleStage> stages) {
        this.stages = stages;
    }

    /** The lifecycle stages this view includes. */
    public List<LifecycleStage> stages() {
        return stages;
    }

    /** Parses MLflow's view type names; MLflow also accepts the numbers 1, 2 and 3. */
    public static ViewType parse(String name) {
        switch (name) {
            case "1": return ACTIVE_ONLY;
            case "2": return DELETED_ONLY;
            case "3": return ALL;
            default:
                try {
                    return valueOf(name);
                } catch (IllegalArgumentException e) {
                    throw CairnException.invalidParameter("Invalid view type '" + name + "'; expected one of " + Arrays.toString(values()));
                }
        }
    }
}
