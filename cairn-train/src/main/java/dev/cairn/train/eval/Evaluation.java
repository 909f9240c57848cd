package dev.cairn.train.eval;

import dev.cairn.model.frame.Column;
import dev.cairn.train.trainer.Task;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates predictions against the target column, overall and per slice. Slices are the most
 * frequent values of each slice column (at most {@code maxSlices} of them), so a column with
 * thousands of values does not log thousands of metrics.
 */
public record Evaluation(Task task, String positiveClass, List<Column> sliceColumns, int maxSlices) {
    public Evaluation {
        sliceColumns = List.copyOf(sliceColumns);
        if (maxSlices < 1) {
            throw new IllegalArgumentException("maxSlices must be positive");
        }
    }

    /** Evaluates predictions for the rows of {@code target}. */
    public EvaluationReport evaluate(Column target, Predictions predictions) {
        int[] all = new int[target.size()];
        for (int r = 0; r < all.length; r++) {
            all[r] = r;
        }
        Scored overall = score(target, predictions, all);
        Map<String, Map<String, EvaluationReport.SliceMetrics>> slices = new LinkedHashMap<>();
        for (Column column : sliceColumns) {
            Map<String, List<Integer>> rowsByValue = new HashMap<>();
            for (int r = 0; r < column.size(); r++) {
                rowsByValue.computeIfAbsent(column.isNull(r) ? "(null)" : column.text(r), v -> new ArrayList<>()).add(r);
            }
            Map<String, EvaluationReport.SliceMetrics> byValue = new LinkedHashMap<>();
            rowsByValue.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<String, List<Integer>>>comparingInt(e -> -e.getValue().size()).thenComparing(Map.Entry::getKey))
                    .limit(maxSlices)
                    .forEach(entry -> {
                        int[] rows = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
                        byValue.put(entry.getKey(), new EvaluationReport.SliceMetrics(rows.length, score(target, predictions, rows).metrics));
                    });
            slices.put(column.name(), byValue);
        }
        return new EvaluationReport(target.size(), overall.metrics, overall.confusion, slices);
    }

    private record Scored(Map<String, Double> metrics, Optional<Map<String, Map<String, Long>>> confusion) {
    }

    private Scored score(Column target, Predictions predictions, int[] rows) {
        if (task == Task.CLASSIFICATION) {
            Predictions.Classes classes = (Predictions.Classes) predictions;
            String[] truth = new String[rows.length];
            String[] labels = new String[rows.length];
            double[][] probabilities = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                truth[i] = target.text(rows[i]);
                labels[i] = classes.labels()[rows[i]];
                probabilities[i] = classes.probabilities()[rows[i]];
            }
            ClassificationReport report = Metrics.classification(truth, new Predictions.Classes(classes.classes(), labels, probabilities), positiveClass);
            return new Scored(report.metrics(), Optional.of(report.confusion()));
        }
        double[] values = ((Predictions.Numbers) predictions).values();
        double[] truth = new double[rows.length];
        double[] predicted = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            truth[i] = ((Column.Numbers) target).values()[rows[i]];
            predicted[i] = values[rows[i]];
        }
        return new Scored(Metrics.regression(truth, predicted), Optional.empty());
    }
}
