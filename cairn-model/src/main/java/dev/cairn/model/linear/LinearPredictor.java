package dev.cairn.model.linear;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.runtime.ModelContext;
import dev.cairn.model.runtime.Predictor;
import dev.cairn.model.signature.ColumnSpec;
import dev.cairn.model.xgboost.SparseRows;

import java.util.List;
import java.util.Locale;

/**
 * Runs a two-class logistic regression on encoded rows: the package's features, in its order,
 * are the model's coefficients, and a zero or a missing value adds nothing, as in training.
 */
public final class LinearPredictor implements Predictor {
    private BinaryLogistic model;

    @Override
    public void init(ModelContext context) {
        ModelDescriptor descriptor = context.modelPackage().descriptor();
        BinaryLogistic loaded = BinaryLogistic.load(context.modelPackage().file(descriptor.modelFile()));
        if (!loaded.classes().equals(descriptor.classLabels())) {
            throw CairnException.invalidParameter("The linear model " + descriptor.modelFile() + " has classes " + loaded.classes()
                    + ", but cairn-model.yaml names class_labels " + descriptor.classLabels());
        }
        // The runtime's inputs are the package's encoded features, in order: the model's matrix columns.
        List<String> inputs = descriptor.signature().inputs().stream().map(ColumnSpec::name).toList();
        if (!loaded.features().equals(inputs)) {
            throw CairnException.invalidParameter("The linear model " + descriptor.modelFile() + " has other features than the package's encoding"
                    + " (" + loaded.features().size() + " against " + inputs.size() + "); the encoding's features are the coefficients' order");
        }
        descriptor.signature().inputs().stream().filter(input -> !input.type().isNumeric()).findFirst().ifPresent(input -> {
            throw CairnException.invalidParameter("The linear model reads numbers only, but input '" + input.name() + "' of the package is "
                    + input.type().name().toLowerCase(Locale.ROOT) + "; encode it in the package (one_hot) instead");
        });
        model = loaded;
    }

    @Override
    public Frame predict(Frame input) {
        return model.predict(SparseRows.ofFrame(input)).toFrame();
    }
}
