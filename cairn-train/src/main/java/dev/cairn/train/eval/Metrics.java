package dev.cairn.train.eval;

import dev.cairn.core.error.CairnException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the metrics of predictions against the truth. Classification: accuracy; precision,
 * recall and F1 of the positive class for two classes, macro averages over classes otherwise;
 * ROC AUC (one-vs-rest macro average for more than two classes); log loss with probabilities
 * clipped to [1e-15, 1 - 1e-15] as scikit-learn does. Regression: RMSE, MAE, R².
 */
public final class Metrics {
    private static final double EPSILON = 1e-15;

    private Metrics() {
    }

    /** Classification metrics, plus the confusion matrix. */
    public static ClassificationReport classification(String[] truth, Predictions.Classes predicted, String positiveClass) {
        int n = requireSameSize(truth.length, predicted.size());
        List<String> classes = predicted.classes();
        int positive = classes.indexOf(positiveClass);
        if (classes.size() == 2 && positive < 0) {
            throw CairnException.invalidParameter("The positive class '" + positiveClass + "' is not one of the model's classes " + classes);
        }
        long[][] confusion = new long[classes.size()][classes.size()];
        long correct = 0;
        double logLoss = 0;
        int[] truthIndex = new int[n];
        for (int r = 0; r < n; r++) {
            int t = classes.indexOf(truth[r]);
            int p = classes.indexOf(predicted.labels()[r]);
            truthIndex[r] = t;
            if (t >= 0 && p >= 0) {
                confusion[t][p]++;
            }
            if (t == p && t >= 0) {
                correct++;
            }
            double probability = t < 0 ? 0 : predicted.probabilities()[r][t];
            logLoss -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, probability)));
        }
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(MetricName.ACCURACY.key(), n == 0 ? Double.NaN : (double) correct / n);
        double[] precision = new double[classes.size()];
        double[] recall = new double[classes.size()];
        double[] f1 = new double[classes.size()];
        double[] auc = new double[classes.size()];
        for (int k = 0; k < classes.size(); k++) {
            long tp = confusion[k][k];
            long predictedK = 0;
            long actualK = 0;
            for (int j = 0; j < classes.size(); j++) {
                predictedK += confusion[j][k];
                actualK += confusion[k][j];
            }
            precision[k] = predictedK == 0 ? 0 : (double) tp / predictedK;
            recall[k] = actualK == 0 ? 0 : (double) tp / actualK;
            f1[k] = precision[k] + recall[k] == 0 ? 0 : 2 * precision[k] * recall[k] / (precision[k] + recall[k]);
            auc[k] = rocAuc(truthIndex, predicted.probabilities(), k);
        }
        boolean binary = classes.size() == 2;
        values.put(MetricName.PRECISION.key(), binary ? precision[positive] : mean(precision));
        values.put(MetricName.RECALL.key(), binary ? recall[positive] : mean(recall));
        values.put(MetricName.F1.key(), binary ? f1[positive] : mean(f1));
        values.put(MetricName.ROC_AUC.key(), binary ? auc[positive] : mean(auc));
        values.put(MetricName.LOG_LOSS.key(), n == 0 ? Double.NaN : logLoss / n);
        Map<String, Map<String, Long>> matrix = new LinkedHashMap<>();
        for (int t = 0; t < classes.size(); t++) {
            Map<String, Long> row = new LinkedHashMap<>();
            for (int p = 0; p < classes.size(); p++) {
                row.put(classes.get(p), confusion[t][p]);
            }
            matrix.put(classes.get(t), row);
        }
        return new ClassificationReport(n, values, matrix);
    }

    /** Regression metrics. */
    public static Map<String, Double> regression(double[] truth, double[] predicted) {
        int n = requireSameSize(truth.length, predicted.length);
        double mean = Arrays.stream(truth).average().orElse(Double.NaN);
        double squared = 0;
        double absolute = 0;
        double total = 0;
        for (int r = 0; r < n; r++) {
            double error = predicted[r] - truth[r];
            squared += error * error;
            absolute += Math.abs(error);
            total += (truth[r] - mean) * (truth[r] - mean);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(MetricName.RMSE.key(), Math.sqrt(squared / n));
        values.put(MetricName.MAE.key(), absolute / n);
        values.put(MetricName.R2.key(), total == 0 ? Double.NaN : 1 - squared / total);
        return values;
    }

    /**
     * The area under the ROC curve of class {@code k} against the rest: the probability that a
     * random row of class k scores higher than a random other row, ties counting half
     * (Mann-Whitney U over average ranks). NaN when only one side is present.
     */
    static double rocAuc(int[] truth, double[][] probabilities, int k) {
        int n = truth.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(probabilities[a][k], probabilities[b][k]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && probabilities[order[j + 1]][k] == probabilities[order[i]][k]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int m = i; m <= j; m++) {
                if (truth[order[m]] == k) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    private static int requireSameSize(int truth, int predicted) {
        if (truth != predicted) {
            throw new IllegalArgumentException(truth + " true values but " + predicted + " predictions");
        }
        return truth;
    }
}
