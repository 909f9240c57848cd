package dev.cairn.serve.deployment;

import dev.cairn.core.registry.ModelVersion;
import dev.cairn.model.runtime.LoadedModel;

import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * A loaded model version shared by the routings that use it. It counts its users: each routing
 * holds one reference and each request in flight another, and the model is closed when the last
 * one lets go, so replacing a version never closes it under a request.
 */
final class LiveVersion {
    private final ModelVersion version;
    private final LoadedModel model;
    /** 1 for its first owner at creation; 0 means closed for good. */
    private final AtomicInteger references = new AtomicInteger(1);

    LiveVersion(ModelVersion version, LoadedModel model) {
        this.version = requireNonNull(version, "version is null");
        this.model = requireNonNull(model, "model is null");
    }

    ModelVersion version() {
        return version;
    }

    LoadedModel model() {
        return model;
    }

    /** Takes a reference; false if the model is already closed (the caller looks again at the current routing). */
    boolean acquire() {
        while (true) {
            int current = references.get();
            if (current == 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one closes the model. */
    void release() {
        if (references.decrementAndGet() == 0) {
            model.close();
        }
    }

    /** True if this is the given version of the given model. */
    boolean is(ModelVersion other) {
        return version.name().equals(other.name()) && version.version() == other.version();
    }
}
