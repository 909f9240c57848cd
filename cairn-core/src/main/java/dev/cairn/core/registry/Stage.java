package dev.cairn.core.registry;

import dev.cairn.core.error.CairnException;

import java.util.Arrays;

/** MLflow's legacy model stages, kept for {@code transition-stage}; aliases replace them. */
public enum Stage {
    NONE("None"),
    STAGING("Staging"),
    PRODUCTION("Production"),
    ARCHIVED("Archived");

    private final String displayName;

    Stage(String displayName) {
        this.displayName = displayName;
    }

    /** The name MLflow uses on the wire ("Production"). */
    public String displayName() {
        return displayName;
    }

    /** Parses a stage name case-insensitively, as MLflow does. */
    public static Stage parse(String name) {
        for (Stage stage : values()) {
            if (stage.displayName.equalsIgnoreCase(name)) {
                return stage;
            }
        }
        throw CairnException.invalidParameter("Invalid stage '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Stage::displayName).toList());
    }
}
