package dev.cairn.model.xgboost;

import dev.cairn.model.pkg.ModelFlavor;
import dev.cairn.model.runtime.ModelRuntime;
import dev.cairn.model.runtime.Predictor;

/** The {@code xgboost} flavor's runtime: boosters run by xgboost4j. */
public final class XGBoostRuntime implements ModelRuntime {
    @Override
    public ModelFlavor flavor() {
        return ModelFlavor.XGBOOST;
    }

    @Override
    public Predictor newPredictor() {
        return new XGBoostPredictor();
    }
}
