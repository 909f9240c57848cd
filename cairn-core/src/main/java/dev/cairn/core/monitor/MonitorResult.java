package dev.cairn.core.monitor;

import static java.util.Objects.requireNonNull;

/** A stored {@link MonitorWindow}: its id and when it was computed. */
public record MonitorResult(long id, long creationTime, MonitorWindow window) {
    public MonitorResult {
        requireNonNull(window, "window is null");
    }
}
