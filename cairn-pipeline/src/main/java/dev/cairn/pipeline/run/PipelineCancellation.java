package dev.cairn.pipeline.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A request to stop a pipeline run, which another thread (a scheduler, a signal handler) may make
 * at any time: steps not started yet are cancelled, running steps are interrupted and their runs
 * end KILLED, and so does the pipeline's run. Once cancelled it stays cancelled. Thread-safe.
 */
public final class PipelineCancellation {
    private final List<Runnable> listeners = new ArrayList<>();
    private String reason;

    /** Cancels, telling the runs using this cancellation; later calls keep the first reason. */
    public void cancel(String reason) {
        requireNonNull(reason, "reason is null");
        List<Runnable> toTell;
        synchronized (this) {
            if (this.reason != null) {
                return;
            }
            this.reason = reason;
            toTell = List.copyOf(listeners);
        }
        // Outside the lock: a listener interrupts threads, which may be registering at that moment.
        toTell.forEach(Runnable::run);
    }

    /** Whether {@link #cancel} was called. */
    public synchronized boolean isCancelled() {
        return reason != null;
    }

    /** Why it was cancelled, if it was. */
    public synchronized Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** Runs {@code listener} on cancellation, at once if already cancelled. */
    void onCancel(Runnable listener) {
        synchronized (this) {
            if (reason == null) {
                listeners.add(listener);
                return;
            }
        }
        listener.run();
    }

    /** Stops telling {@code listener}, once its run is over. */
    synchronized void removeListener(Runnable listener) {
        listeners.remove(listener);
    }
}
