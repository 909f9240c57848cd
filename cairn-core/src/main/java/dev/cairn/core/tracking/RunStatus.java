package dev.cairn.core.tracking;

import dev.cairn.core.error.CairnException;

import java.util.Arrays;

/** The state of a run, as MLflow names it. */
public enum RunStatus {
    RUNNING,
    SCHEDULED,
    FINISHED,
    FAILED,
    KILLED;

    /** True once the run has ended, whatever the outcome. */
    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == KILLED;
    }

    /** Parses a status name, with an error that lists the valid names. */
    public static RunStatus parse(String name) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw CairnException.invalidParameter("Invalid run status '" + name + "'; expected one of " + Arrays.toString(values()));
        }
    }
}
