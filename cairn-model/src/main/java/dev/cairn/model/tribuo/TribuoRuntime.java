package dev.cairn.model.tribuo;

import dev.cairn.model.pkg.ModelFlavor;
import dev.cairn.model.runtime.ModelRuntime;
import dev.cairn.model.runtime.Predictor;

/** The {@code tribuo} flavor's runtime: models run by Tribuo. */
public final class TribuoRuntime implements ModelRuntime {
    @Override
    public ModelFlavor flavor() {
        return ModelFlavor.TRIBUO;
    }

    @Override
    public Predictor newPredictor() {
        return new TribuoPredictor();
    }
}
