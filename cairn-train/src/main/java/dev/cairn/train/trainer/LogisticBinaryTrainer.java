package dev.cairn.train.trainer;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.linear.BinaryLogistic;
import dev.cairn.model.xgboost.SparseRows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a two-class logistic regression by stochastic gradient descent on log loss, straight
 * over the rows' CSR arrays: no example object per row, one pass over a row's few present entries
 * per step. The step is AdaGrad's, as in Tribuo's {@code LinearSGDTrainer} that trains the other
 * cases, so {@code learning_rate} means the same for two classes as for more: each coefficient
 * (and the intercept) moves by {@code learning_rate * gradient / (1e-6 + sqrt(sum of its squared
 * gradients so far))}, which gives a rare one-hot feature larger steps than a frequent one. The
 * rows are shuffled before every epoch with a generator seeded by {@code seed}, so a seed trains
 * the same model every time.
 *
 * @param epochs passes over the rows
 * @param learningRate AdaGrad's initial step
 * @param minibatchSize rows whose mean gradient makes one step
 * @param seed the seed of the shuffles
 */
public record LogisticBinaryTrainer(int epochs, double learningRate, int minibatchSize, long seed) {
    /** AdaGrad's guard against dividing by a zero sum, Tribuo's default. */
    private static final double EPSILON = 1e-6;

    public LogisticBinaryTrainer {
        String name = Algorithm.LOGISTIC_REGRESSION.specName();
        if (epochs < 1) {
            throw CairnException.invalidParameter(name + " parameter 'epochs' must be at least 1, not " + epochs);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw CairnException.invalidParameter(name + " parameter 'learning_rate' must be a positive number, not " + learningRate);
        }
        if (minibatchSize < 1) {
            throw CairnException.invalidParameter(name + " parameter 'minibatch_size' must be at least 1, not " + minibatchSize);
        }
    }

    /** A trainer with the resolved {@link Algorithm#LOGISTIC_REGRESSION} parameters. */
    public static LogisticBinaryTrainer of(Map<String, Object> resolved, long seed) {
        return new LogisticBinaryTrainer(Algorithm.whole(resolved, "epochs"), Algorithm.real(resolved, "learning_rate"),
                Algorithm.whole(resolved, "minibatch_size"), seed);
    }

    /**
     * Trains on the given rows.
     *
     * @param positive per row, whether it is of the second class
     * @param classes the two classes
     * @param features the feature of each matrix column
     */
    public BinaryLogistic train(SparseRows rows, boolean[] positive, List<String> classes, List<String> features) {
        if (positive.length != rows.rowCount()) {
            throw new IllegalArgumentException(positive.length + " labels for " + rows.rowCount() + " rows");
        }
        int columns = rows.columnCount();
        // The intercept is the last weight: a feature present in every row with value 1.
        double[] weights = new double[columns + 1];
        double[] squaredGradients = new double[columns + 1];
        double[] gradients = new double[columns + 1];
        int[] touched = new int[columns + 1];
        boolean[] isTouched = new boolean[columns + 1];
        long[] rowStarts = rows.rowStarts();
        int[] entryColumns = rows.columns();
        float[] values = rows.values();
        int[] order = new int[rows.rowCount()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(order, random);
            for (int batchStart = 0; batchStart < order.length; batchStart += minibatchSize) {
                int batchEnd = Math.min(order.length, batchStart + minibatchSize);
                int touchedCount = 0;
                for (int i = batchStart; i < batchEnd; i++) {
                    int row = order[i];
                    int start = (int) rowStarts[row];
                    int end = (int) rowStarts[row + 1];
                    double score = weights[columns];
                    for (int e = start; e < end; e++) {
                        score += weights[entryColumns[e]] * values[e];
                    }
                    // The derivative of log loss by the score: how far the probability is from the label.
                    double error = (positive[row] ? 1.0 : 0.0) - BinaryLogistic.probability(score);
                    for (int e = start; e <= end; e++) {
                        int column = e < end ? entryColumns[e] : columns;
                        if (!isTouched[column]) {
                            isTouched[column] = true;
                            touched[touchedCount++] = column;
                        }
                        gradients[column] += error * (e < end ? values[e] : 1.0);
                    }
                }
                int batchRows = batchEnd - batchStart;
                for (int t = 0; t < touchedCount; t++) {
                    int column = touched[t];
                    double gradient = gradients[column] / batchRows;
                    squaredGradients[column] += gradient * gradient;
                    weights[column] += learningRate * gradient / (EPSILON + Math.sqrt(squaredGradients[column]));
                    gradients[column] = 0.0;
                    isTouched[column] = false;
                }
            }
        }
        double[] coefficients = Arrays.copyOf(weights, columns);
        return new BinaryLogistic(classes, features, coefficients, weights[columns]);
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}
