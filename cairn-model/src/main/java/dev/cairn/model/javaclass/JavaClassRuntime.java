package dev.cairn.model.javaclass;

import dev.cairn.model.pkg.ModelFlavor;
import dev.cairn.model.runtime.ModelRuntime;
import dev.cairn.model.runtime.Predictor;

/** The {@code java} flavor's runtime: models run by a user's scoring class. */
public final class JavaClassRuntime implements ModelRuntime {
    @Override
    public ModelFlavor flavor() {
        return ModelFlavor.JAVA;
    }

    @Override
    public Predictor newPredictor() {
        return new JavaClassPredictor();
    }
}
