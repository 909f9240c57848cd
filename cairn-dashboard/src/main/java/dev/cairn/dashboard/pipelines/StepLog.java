package dev.cairn.dashboard.pipelines;

import static java.util.Objects.requireNonNull;

/**
 * The start of a step's log.
 *
 * @param text the log's first {@link #MAX_BYTES} bytes, or all of it
 * @param size the whole log's size in bytes
 */
public record StepLog(String text, long size) {
    /** Bytes of a log a page shows: a step may log far more than anyone reads in a browser. */
    public static final int MAX_BYTES = 64 * 1024;

    public StepLog {
        requireNonNull(text, "text is null");
        if (size < 0) {
            throw new IllegalArgumentException("size is negative: " + size);
        }
    }

    /** Whether the page shows only the start of the log. */
    public boolean cut() {
        return size > MAX_BYTES;
    }
}
