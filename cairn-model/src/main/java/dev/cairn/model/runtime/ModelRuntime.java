package dev.cairn.model.runtime;

import dev.cairn.model.pkg.ModelFlavor;

/**
 * A runtime for one model flavor, found with {@link java.util.ServiceLoader}: a module that adds a
 * flavor lists its runtime in {@code META-INF/services/dev.cairn.model.runtime.ModelRuntime}.
 */
public interface ModelRuntime {
    /** The flavor this runtime runs. */
    ModelFlavor flavor();

    /** A new, uninitialised predictor for one model. */
    Predictor newPredictor();
}
