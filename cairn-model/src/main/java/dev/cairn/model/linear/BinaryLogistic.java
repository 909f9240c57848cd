package dev.cairn.model.linear;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.cairn.core.error.CairnException;
import dev.cairn.model.xgboost.ClassProbabilities;
import dev.cairn.model.xgboost.SparseRows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A two-class logistic regression: the probability of the second class is
 * {@code 1 / (1 + exp(-(intercept + sum of coefficient * feature)))}. Training and serving both
 * score through {@link #predict} on the same {@link SparseRows}, in doubles, so a package answers
 * exactly what the trained model answered (an absent entry, a zero or a missing value, adds nothing).
 *
 * @param classes the two classes: the first is label 0, the second label 1
 * @param features the feature of each coefficient, in matrix column order
 * @param coefficients one weight per feature
 * @param intercept the bias added to every row
 */
public record BinaryLogistic(@JsonProperty("classes") List<String> classes, @JsonProperty("features") List<String> features,
                             @JsonProperty("coefficients") double[] coefficients, @JsonProperty("intercept") double intercept) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public BinaryLogistic {
        classes = List.copyOf(classes);
        features = List.copyOf(features);
        coefficients = coefficients.clone();
        if (classes.size() != 2) {
            throw new IllegalArgumentException("a binary logistic regression has two classes, not " + classes);
        }
        if (coefficients.length != features.size()) {
            throw new IllegalArgumentException(coefficients.length + " coefficients for " + features.size() + " features");
        }
        if (!Double.isFinite(intercept) || Arrays.stream(coefficients).anyMatch(c -> !Double.isFinite(c))) {
            throw new IllegalArgumentException("a coefficient or the intercept is not a finite number");
        }
    }

    /**
     * Loads a model saved by {@link #save}; a file that is not one is the package's error.
     */
    public static BinaryLogistic load(Path file) {
        try {
            return JSON.readValue(file.toFile(), BinaryLogistic.class);
        } catch (ValueInstantiationException e) {
            // JSON of the right shape whose values this record refuses: its message says which.
            throw CairnException.invalidParameter("Cannot load linear model " + file.getFileName() + ": " + e.getCause().getMessage());
        } catch (IOException e) {
            throw CairnException.invalidParameter("Cannot load linear model " + file.getFileName() + ": it is not a linear model's JSON");
        }
    }

    /** Saves the model as JSON; every double is written in its shortest exact form, so a load gives the same bits. */
    public void save(Path file) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    /** The linear score of row {@code row}: the log-odds of the second class. */
    public double score(SparseRows rows, int row) {
        double score = intercept;
        int end = Math.toIntExact(rows.rowStarts()[row + 1]);
        for (int e = Math.toIntExact(rows.rowStarts()[row]); e < end; e++) {
            score += coefficients[rows.columns()[e]] * rows.values()[e];
        }
        return score;
    }

    /** The probability of the second class for a log-odds score, computed without overflow on either side. */
    public static double probability(double score) {
        if (score >= 0) {
            return 1.0 / (1.0 + Math.exp(-score));
        }
        double odds = Math.exp(score);
        return odds / (1.0 + odds);
    }

    /** Scores rows whose columns are this model's features: each row's class and both classes' probabilities. */
    public ClassProbabilities predict(SparseRows rows) {
        if (rows.columnCount() != coefficients.length) {
            throw new IllegalArgumentException("rows of " + rows.columnCount() + " columns for a model of " + coefficients.length + " features");
        }
        int count = rows.rowCount();
        String[] labels = new String[count];
        double[][] byClass = new double[2][count];
        for (int r = 0; r < count; r++) {
            double positive = probability(score(rows, r));
            byClass[0][r] = 1.0 - positive;
            byClass[1][r] = positive;
            labels[r] = classes.get(positive > 0.5 ? 1 : 0);
        }
        return new ClassProbabilities(classes, labels, byClass);
    }
}
