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
 * per step. The rows are packed into one int array (entry count, label, then column and float
 * bits per entry) and copied in each epoch's shuffled order, so that the steps read memory in
 * sequence: this halved the fit on the flights matrix, whose shuffled rows otherwise cost cache
 * misses, and a row per step updating its weights at once (rather than summing gradients, which a
 * minibatch needs) took off another third. The step is AdaGrad's, as in Tribuo's
 * {@code LinearSGDTrainer} that trains more classes, so {@code learning_rate} means the same for
 * two classes as for more: each coefficient
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
    /** The ints before a packed row's entries: the entry count and the label. */
    private static final int HEADER = 2;

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
        int[] packed = pack(rows, positive);
        int[] rowOffsets = new int[rows.rowCount()];
        for (int row = 0, offset = 0; row < rowOffsets.length; row++) {
            rowOffsets[row] = offset;
            offset += HEADER + 2 * packed[offset];
        }
        int[] epochRows = new int[packed.length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(rowOffsets, random);
            // The rows in this epoch's order, one after another: the steps then read memory in sequence,
            // where reading shuffled rows in place waits on a cache miss or more per row.
            for (int i = 0, to = 0; i < rowOffsets.length; i++) {
                int from = rowOffsets[i];
                int length = HEADER + 2 * packed[from];
                System.arraycopy(packed, from, epochRows, to, length);
                to += length;
            }
            int at = 0;
            for (int batchStart = 0; batchStart < rowOffsets.length; batchStart += minibatchSize) {
                int batchRows = Math.min(rowOffsets.length, batchStart + minibatchSize) - batchStart;
                int touchedCount = 0;
                for (int i = 0; i < batchRows; i++) {
                    int first = at + HEADER;
                    int end = first + 2 * epochRows[at];
                    double error = error(weights, epochRows, at);
                    if (minibatchSize == 1) {
                        // One row per step: step straight away, without summing into gradients (a third less time).
                        for (int e = first; e < end; e += 2) {
                            step(weights, squaredGradients, epochRows[e], error * Float.intBitsToFloat(epochRows[e + 1]));
                        }
                        step(weights, squaredGradients, columns, error);
                    } else {
                        for (int e = first; e <= end; e += 2) {
                            int column = e < end ? epochRows[e] : columns;
                            if (!isTouched[column]) {
                                isTouched[column] = true;
                                touched[touchedCount++] = column;
                            }
                            gradients[column] += error * (e < end ? Float.intBitsToFloat(epochRows[e + 1]) : 1.0);
                        }
                    }
                    at = end;
                }
                for (int t = 0; t < touchedCount; t++) {
                    int column = touched[t];
                    step(weights, squaredGradients, column, gradients[column] / batchRows);
                    gradients[column] = 0.0;
                    isTouched[column] = false;
                }
            }
        }
        double[] coefficients = Arrays.copyOf(weights, columns);
        return new BinaryLogistic(classes, features, coefficients, weights[columns]);
    }

    /**
     * Each row as one run of ints: its entry count, its label (1 or 0), then each entry's column and
     * its value's float bits, so that a row is read from one place.
     */
    private static int[] pack(SparseRows rows, boolean[] positive) {
        long[] rowStarts = rows.rowStarts();
        int[] packed = new int[Math.toIntExact(HEADER * (long) rows.rowCount() + 2 * rowStarts[rows.rowCount()])];
        int to = 0;
        for (int row = 0; row < rows.rowCount(); row++) {
            int start = (int) rowStarts[row];
            int end = (int) rowStarts[row + 1];
            packed[to++] = end - start;
            packed[to++] = positive[row] ? 1 : 0;
            for (int e = start; e < end; e++) {
                packed[to++] = rows.columns()[e];
                packed[to++] = Float.floatToRawIntBits(rows.values()[e]);
            }
        }
        return packed;
    }

    /**
     * The derivative of the log loss of the packed row at {@code at} by its score, negated: how far
     * the model's probability is below the label.
     */
    private static double error(double[] weights, int[] packed, int at) {
        int first = at + HEADER;
        int end = first + 2 * packed[at];
        double score = weights[weights.length - 1];
        for (int e = first; e < end; e += 2) {
            score += weights[packed[e]] * Float.intBitsToFloat(packed[e + 1]);
        }
        return packed[at + 1] - BinaryLogistic.probability(score);
    }

    /** AdaGrad's step of one weight along its gradient (of the log-likelihood, so the step is added). */
    private void step(double[] weights, double[] squaredGradients, int column, double gradient) {
        squaredGradients[column] += gradient * gradient;
        weights[column] += learningRate * gradient / (EPSILON + Math.sqrt(squaredGradients[column]));
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
