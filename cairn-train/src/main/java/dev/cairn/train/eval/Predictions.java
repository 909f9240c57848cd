package dev.cairn.train.eval;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;

import java.util.List;

/**
 * A model's answers for a set of rows, in the form the metrics read.
 */
public sealed interface Predictions permits Predictions.Classes, Predictions.Numbers {
    /** The number of rows. */
    int size();

    /**
     * A classifier's answers.
     *
     * @param classes the class of each probability column
     * @param probabilities {@code probabilities[row][k]} is the probability of {@code classes.get(k)}
     */
    record Classes(List<String> classes, String[] labels, double[][] probabilities) implements Predictions {
        public Classes {
            classes = List.copyOf(classes);
            if (labels.length != probabilities.length) {
                throw new IllegalArgumentException("labels and probabilities differ in length");
            }
        }

        @Override
        public int size() {
            return labels.length;
        }
    }

    /** A regressor's answers. */
    record Numbers(double[] values) implements Predictions {
        @Override
        public int size() {
            return values.length;
        }
    }

    /**
     * Reads a served model's output frame: {@code label} and {@code probability_<class>} for a
     * classifier, {@code prediction} for a regressor.
     */
    static Predictions fromFrame(Frame output, List<String> classes) {
        if (classes.isEmpty()) {
            Column prediction = output.column("prediction").orElseThrow(() -> CairnException.invalidParameter(
                    "The model's output has no 'prediction' column"));
            return new Numbers(((Column.Numbers) prediction).values());
        }
        int rows = output.rowCount();
        Column label = output.column("label").orElseThrow(() -> CairnException.invalidParameter("The model's output has no 'label' column"));
        String[] labels = new String[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = label.text(r);
        }
        double[][] probabilities = new double[rows][classes.size()];
        for (int k = 0; k < classes.size(); k++) {
            String name = "probability_" + classes.get(k);
            double[] values = ((Column.Numbers) output.column(name).orElseThrow(() -> CairnException.invalidParameter(
                    "The model's output has no '" + name + "' column"))).values();
            for (int r = 0; r < rows; r++) {
                probabilities[r][k] = values[r];
            }
        }
        return new Classes(classes, labels, probabilities);
    }
}
