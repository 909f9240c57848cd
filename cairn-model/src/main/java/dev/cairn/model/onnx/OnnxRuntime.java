package dev.cairn.model.onnx;

import dev.cairn.model.pkg.ModelFlavor;
import dev.cairn.model.runtime.ModelRuntime;
import dev.cairn.model.runtime.Predictor;

/** The {@code onnx} flavor's runtime: models run by ONNX Runtime. */
public final class OnnxRuntime implements ModelRuntime {
    @Override
    public ModelFlavor flavor() {
        return ModelFlavor.ONNX;
    }

    @Override
    public Predictor newPredictor() {
        return new OnnxPredictor();
    }
}
