package dev.cairn.monitor.importance;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.monitor.performance.BinaryPerformance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * Permutation importance (Breiman; scikit-learn's {@code permutation_importance}): the model scores
 * the rows, then, for each input in turn, scores them again with that input's values shuffled
 * between rows, {@link #REPEATS} times; an input's importance is how much the metric worsens on
 * average. Shuffling keeps the input's distribution and breaks its link to the rest of the row, so
 * a model that ignores the input loses nothing.
 *
 * <p>The metric follows what is known: with labels of a binary classifier, the drop of ROC AUC
 * (accuracy if the labels hold one class); without, the mean absolute change of the positive-class
 * probability, of a regressor's prediction, or the share of changed labels. The caller bounds the
 * rows ({@link #maxRows}): the model runs inputs × repeats + 1 times over them, so a wide model
 * gets fewer rows rather than more time.
 */
public final class PermutationImportance {
    /** The most rows importance is computed over; a window's larger sample is the caller's to draw. */
    public static final int MAX_ROWS = 10_000;
    /** How many times each input is shuffled. */
    public static final int REPEATS = 5;
    /** The most rows the model scores in one computation, counting every shuffle. */
    public static final long MAX_SCORED_ROWS = 2_000_000;
    private static final String PROBABILITY = "probability_";

    private PermutationImportance() {
    }

    /** The most rows importance over {@code inputs} inputs takes: {@link #MAX_ROWS}, or fewer where scoring them would pass {@link #MAX_SCORED_ROWS}. */
    public static int maxRows(int inputs) {
        return (int) Math.max(1, Math.min(MAX_ROWS, MAX_SCORED_ROWS / ((long) inputs * REPEATS + 1)));
    }

    /**
     * The importance of every column of {@code rows} to {@code model}.
     *
     * @param positiveClass a binary classifier's positive class (its output {@code probability_<class>} is read); empty for other models
     * @param positive each row's label, true for the positive class, when the rows are labelled (a binary classifier's only)
     * @param seed seeds the shuffles
     */
    public static ImportanceReport compute(Frame rows, Scorer model, Optional<String> positiveClass, Optional<boolean[]> positive, long seed) {
        requireNonNull(rows, "rows is null");
        requireNonNull(model, "model is null");
        if (positive.isPresent() && (positiveClass.isEmpty() || positive.get().length != rows.rowCount())) {
            throw new IllegalArgumentException("labels need a positive class and one label per row");
        }
        int most = maxRows(rows.columns().size());
        if (rows.rowCount() == 0 || rows.rowCount() > most) {
            throw CairnException.invalidParameter("Permutation importance over " + rows.columns().size() + " inputs needs 1 to " + most
                    + " rows; got " + rows.rowCount());
        }
        Frame answered = model.score(rows);
        ImportanceMetric metric = metric(answered, positiveClass, positive);
        Answers baseline = Answers.of(answered, metric, positiveClass);
        double baseScore = metric.labelled() ? baseline.score(metric, positive.orElseThrow()) : 0;
        SplittableRandom random = new SplittableRandom(seed);
        List<FeatureImportance> features = new ArrayList<>();
        for (int c = 0; c < rows.columns().size(); c++) {
            double[] importances = new double[REPEATS];
            for (int r = 0; r < REPEATS; r++) {
                Frame shuffled = withColumn(rows, c, rows.columns().get(c).rows(permutation(rows.rowCount(), random)));
                Answers permuted = Answers.of(model.score(shuffled), metric, positiveClass);
                importances[r] = metric.labelled() ? baseScore - permuted.score(metric, positive.orElseThrow()) : baseline.change(permuted);
            }
            features.add(new FeatureImportance(rows.columns().get(c).name(), mean(importances), std(importances)));
        }
        features.sort(Comparator.comparingDouble(FeatureImportance::mean).reversed());
        return new ImportanceReport(metric, rows.rowCount(), REPEATS, seed, baseScore, features);
    }

    private static ImportanceMetric metric(Frame answered, Optional<String> positiveClass, Optional<boolean[]> positive) {
        if (positiveClass.isPresent()) {
            if (positive.isEmpty()) {
                return ImportanceMetric.PROBABILITY_CHANGE;
            }
            boolean[] labels = positive.get();
            boolean both = false;
            for (boolean label : labels) {
                both |= label != labels[0];
            }
            return both ? ImportanceMetric.ROC_AUC : ImportanceMetric.ACCURACY;
        }
        if (answered.column("prediction").filter(column -> column instanceof Column.Numbers).isPresent()) {
            return ImportanceMetric.PREDICTION_CHANGE;
        }
        if (answered.column("label").isPresent()) {
            return ImportanceMetric.LABEL_CHANGE;
        }
        throw CairnException.invalidParameter("The model answers neither a 'prediction' nor a 'label' to measure importance by; it answers "
                + answered.columns().stream().map(Column::name).toList());
    }

    /** The one output a metric reads: numbers (a probability or prediction) or labels. */
    private record Answers(double[] numbers, String[] labels) {
        static Answers of(Frame answered, ImportanceMetric metric, Optional<String> positiveClass) {
            String name = switch (metric) {
                case ROC_AUC, ACCURACY, PROBABILITY_CHANGE -> PROBABILITY + positiveClass.orElseThrow();
                case PREDICTION_CHANGE -> "prediction";
                case LABEL_CHANGE -> "label";
            };
            Column column = answered.column(name).orElseThrow(() -> CairnException.invalidParameter("The model did not answer '" + name
                    + "' to measure importance by; it answers " + answered.columns().stream().map(Column::name).toList()));
            if (column instanceof Column.Numbers numbers) {
                return new Answers(numbers.values(), new String[0]);
            }
            return new Answers(new double[0], ((Column.Strings) column).values());
        }

        double score(ImportanceMetric metric, boolean[] positive) {
            BinaryPerformance performance = BinaryPerformance.real(numbers, positive);
            return metric == ImportanceMetric.ROC_AUC ? performance.rocAuc() : performance.accuracy();
        }

        /** The mean absolute difference of the numbers, or the share of differing labels. */
        double change(Answers other) {
            double total = 0;
            int n = Math.max(numbers.length, labels.length);
            for (int i = 0; i < numbers.length; i++) {
                total += Math.abs(numbers[i] - other.numbers[i]);
            }
            for (int i = 0; i < labels.length; i++) {
                total += Objects.equals(labels[i], other.labels[i]) ? 0 : 1;
            }
            return total / n;
        }
    }

    private static Frame withColumn(Frame rows, int index, Column replacement) {
        List<Column> columns = new ArrayList<>(rows.columns());
        columns.set(index, replacement);
        return new Frame(columns);
    }

    /** A uniformly random order of {@code n} rows (Fisher-Yates). */
    private static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double std(double[] values) {
        double mean = mean(values);
        double sum = 0;
        for (double value : values) {
            sum += (value - mean) * (value - mean);
        }
        return Math.sqrt(sum / values.length);
    }
}
