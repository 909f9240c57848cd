package dev.cairn.core.batch;

import java.util.Locale;

/** Where a batch job is in its life. */
public enum BatchJobState {
    /** Waiting for the server's batch worker. */
    QUEUED,
    /** Being scored. */
    RUNNING,
    /** Scored; the output file is complete. */
    SUCCEEDED,
    /** Stopped with an error; the message says why. */
    FAILED;

    /** The lower-case name used in the API. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
