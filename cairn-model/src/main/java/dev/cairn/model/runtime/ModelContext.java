package dev.cairn.model.runtime;

import dev.cairn.model.pkg.ModelPackage;

import static java.util.Objects.requireNonNull;

/**
 * What a runtime needs to load a model: its package and how many threads it may use.
 *
 * @param intraOpThreads threads ONNX Runtime may use inside one operator (0 = its default)
 */
public record ModelContext(ModelPackage modelPackage, int intraOpThreads) {
    public ModelContext {
        requireNonNull(modelPackage, "modelPackage is null");
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0");
        }
    }
}
