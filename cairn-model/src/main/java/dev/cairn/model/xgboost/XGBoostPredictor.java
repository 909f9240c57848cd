package dev.cairn.model.xgboost;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.runtime.ModelContext;
import dev.cairn.model.runtime.Predictor;

/**
 * Runs a two-class XGBoost booster on encoded rows: the package's features, in its order, are the
 * matrix's columns, and a zero or a missing value is left out of the matrix as it was in training.
 */
public final class XGBoostPredictor implements Predictor {
    private BinaryBooster model;

    @Override
    public void init(ModelContext context) {
        ModelDescriptor descriptor = context.modelPackage().descriptor();
        if (descriptor.classLabels().size() != 2) {
            throw CairnException.invalidParameter("The xgboost flavor serves two-class models; cairn-model.yaml names "
                    + descriptor.classLabels().size() + " class_labels");
        }
        model = BinaryBooster.load(context.modelPackage().file(descriptor.modelFile()), descriptor.classLabels());
        if (context.intraOpThreads() > 0) {
            // Without it each call starts every OpenMP thread, which a one-row request pays for and several scoring threads fight over.
            model.threads(context.intraOpThreads());
        }
    }

    @Override
    public Frame predict(Frame input) {
        return model.predict(SparseRows.ofFrame(input)).toFrame();
    }

    @Override
    public void close() {
        // A predictor whose init failed has no booster to free.
        if (model != null) {
            model.booster().dispose();
        }
    }
}
