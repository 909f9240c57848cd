package dev.cairn.model.tribuo;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.runtime.ModelContext;
import dev.cairn.model.runtime.Predictor;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a Tribuo model saved in Tribuo's protobuf format ({@code Model.serializeToFile}). Each row
 * becomes a Tribuo example: a numeric column is the feature of its name (or {@code name@value},
 * as Tribuo's columnar loaders name it), a text column the one-hot feature {@code name@text}. A
 * missing value and a zero are left out, which is how Tribuo's sparse examples say "absent" and
 * how Cairn's trainers build examples; for XGBoost an absent feature takes the tree's default
 * branch, so serving must leave out exactly what training left out.
 */
public final class TribuoPredictor implements Predictor {
    private Model<?> model;
    private ModelDescriptor descriptor;
    private String[] numericFeatureNames;

    @Override
    public void init(ModelContext context) {
        descriptor = context.modelPackage().descriptor();
        String file = descriptor.modelFile();
        try {
            model = Model.deserializeFromFile(context.modelPackage().file(file));
        } catch (IOException | RuntimeException e) {
            throw CairnException.invalidParameter("Cannot load Tribuo model " + file + ": " + e.getMessage());
        }
        boolean classifier = model.validate(Label.class);
        if (!classifier && !model.validate(Regressor.class)) {
            throw CairnException.invalidParameter("Tribuo model " + file + " predicts " + model.getOutputIDInfo().getDomain()
                    + "; Cairn serves Tribuo classifiers (Label) and regressors (Regressor)");
        }
        if (classifier != descriptor.isClassifier()) {
            throw CairnException.invalidParameter("Tribuo model " + file + " is a " + (classifier ? "classifier" : "regressor")
                    + ", but cairn-model.yaml " + (descriptor.isClassifier() ? "names class_labels" : "names no class_labels"));
        }
        ImmutableFeatureMap features = model.getFeatureIDMap();
        numericFeatureNames = descriptor.signature().inputs().stream()
                .map(spec -> features.get(spec.name()) == null && features.get(spec.name() + "@value") != null
                        ? spec.name() + "@value" : spec.name())
                .toArray(String[]::new);
    }

    @Override
    public Frame predict(Frame input) {
        if (descriptor.isClassifier()) {
            @SuppressWarnings("unchecked")
            Model<Label> classifier = (Model<Label>) model;
            return classify(classifier.predict(examples(input, LabelFactory.UNKNOWN_LABEL)));
        }
        @SuppressWarnings("unchecked")
        Model<Regressor> regressor = (Model<Regressor>) model;
        List<Prediction<Regressor>> predictions = regressor.predict(examples(input, RegressionFactory.UNKNOWN_REGRESSOR));
        double[] values = new double[predictions.size()];
        for (int r = 0; r < values.length; r++) {
            values[r] = predictions.get(r).getOutput().getValues()[0];
        }
        return new Frame(List.of(Column.Numbers.ofDoubles("prediction", values)));
    }

    private Frame classify(List<Prediction<Label>> predictions) {
        List<String> classes = descriptor.classLabels();
        String[] labels = new String[predictions.size()];
        double[][] byClass = new double[classes.size()][predictions.size()];
        for (int r = 0; r < labels.length; r++) {
            Prediction<Label> prediction = predictions.get(r);
            labels[r] = prediction.getOutput().getLabel();
            for (int k = 0; k < classes.size(); k++) {
                Label score = prediction.getOutputScores().get(classes.get(k));
                byClass[k][r] = score == null ? 0.0 : score.getScore();
            }
        }
        List<Column> columns = new ArrayList<>();
        columns.add(new Column.Strings("label", labels));
        for (int k = 0; k < classes.size(); k++) {
            columns.add(Column.Numbers.ofDoubles("probability_" + classes.get(k), byClass[k]));
        }
        return new Frame(columns);
    }

    private <T extends Output<T>> List<Example<T>> examples(Frame input, T unknown) {
        List<Column> columns = input.columns();
        List<Example<T>> examples = new ArrayList<>(input.rowCount());
        String[] names = new String[columns.size()];
        double[] values = new double[columns.size()];
        for (int r = 0; r < input.rowCount(); r++) {
            int present = 0;
            for (int c = 0; c < columns.size(); c++) {
                Column column = columns.get(c);
                if (column.isNull(r)) {
                    continue;
                }
                if (column instanceof Column.Numbers numbers) {
                    if (numbers.values()[r] != 0.0) {
                        names[present] = numericFeatureNames[c];
                        values[present++] = numbers.values()[r];
                    }
                } else {
                    names[present] = column.name() + "@" + column.text(r);
                    values[present++] = 1.0;
                }
            }
            if (present == 0 && numericFeatureNames.length > 0) {
                // Tribuo refuses an example without features; an explicit zero says "all zero".
                names[0] = numericFeatureNames[0];
                values[0] = 0.0;
                present = 1;
            }
            examples.add(new ArrayExample<>(unknown, Arrays.copyOf(names, present), Arrays.copyOf(values, present)));
        }
        return examples;
    }
}
