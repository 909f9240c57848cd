package dev.cairn.model.linear;

import dev.cairn.model.pkg.ModelFlavor;
import dev.cairn.model.runtime.ModelRuntime;
import dev.cairn.model.runtime.Predictor;

/** The {@code linear} flavor's runtime: logistic regressions scored in plain Java. */
public final class LinearRuntime implements ModelRuntime {
    @Override
    public ModelFlavor flavor() {
        return ModelFlavor.LINEAR;
    }

    @Override
    public Predictor newPredictor() {
        return new LinearPredictor();
    }
}
