package dev.cairn.model.xgboost;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.runtime.ModelContext;
import dev.cairn.model.runtime.Predictor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        List<Column> columns = input.columns();
        double[][] features = new double[columns.size()][];
        for (int c = 0; c < features.length; c++) {
            features[c] = withMissingAsNaN((Column.Numbers) columns.get(c));
        }
        int[] rows = new int[input.rowCount()];
        Arrays.setAll(rows, i -> i);
        ClassProbabilities scored = model.predict(SparseRows.of(features, rows));
        List<Column> output = new ArrayList<>();
        output.add(new Column.Strings("label", scored.labels()));
        for (int k = 0; k < scored.classes().size(); k++) {
            output.add(Column.Numbers.ofDoubles("probability_" + scored.classes().get(k), scored.byClass()[k]));
        }
        return new Frame(output);
    }

    private static double[] withMissingAsNaN(Column.Numbers column) {
        double[] values = column.values();
        for (int r = 0; r < values.length; r++) {
            if (column.nulls()[r]) {
                values = values.clone();
                for (int m = r; m < values.length; m++) {
                    if (column.nulls()[m]) {
                        values[m] = Double.NaN;
                    }
                }
                return values;
            }
        }
        return values;
    }

    @Override
    public void close() {
        // A predictor whose init failed has no booster to free.
        if (model != null) {
            model.booster().dispose();
        }
    }
}
