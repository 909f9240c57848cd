package dev.cairn.monitor.performance;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Accuracy, precision, recall, F1 and ROC AUC of a binary classifier, computed two ways.
 *
 * <p><b>Real</b>, from the labels: the positive class is predicted when its probability is above
 * 0.5, as a served model labels a row (a tie goes to the negative class). <b>Estimated</b> without labels, as NannyML's confidence-based performance estimation
 * (CBPE) does: if the probabilities are calibrated, a row predicted positive with probability p is
 * a true positive with probability p and a false positive with 1 - p (and a row predicted
 * negative a false negative with p, a true negative with 1 - p), so the expected confusion
 * matrix is the sum of those, and each metric is read off it. The estimated ROC AUC is the area
 * under the expected ROC curve: at each threshold, the expected true positives are the sum of the
 * probabilities above it, the expected false positives the sum of their complements.
 *
 * @param accuracy share of rows predicted right
 * @param precision true positives over predicted positives (NaN when nothing is predicted positive)
 * @param recall true positives over actual positives (NaN when there are none)
 * @param f1 harmonic mean of precision and recall
 * @param rocAuc area under the ROC curve (NaN when only one class is present)
 */
public record BinaryPerformance(double accuracy, double precision, double recall, double f1, double rocAuc) {
    /** The probability above which the positive class is predicted. */
    public static final double THRESHOLD = 0.5;

    /** The real performance of {@code probabilities} of the positive class against the labels ({@code true}: positive). */
    public static BinaryPerformance real(double[] probabilities, boolean[] positive) {
        if (probabilities.length != positive.length) {
            throw new IllegalArgumentException("as many labels as probabilities are needed");
        }
        double tp = 0;
        double fp = 0;
        double fn = 0;
        double tn = 0;
        for (int i = 0; i < probabilities.length; i++) {
            boolean predicted = probabilities[i] > THRESHOLD;
            if (predicted && positive[i]) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (positive[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        return of(tp, fp, fn, tn, realAuc(probabilities, positive));
    }

    /** The performance CBPE expects of calibrated {@code probabilities} of the positive class. */
    public static BinaryPerformance estimated(double[] probabilities) {
        double tp = 0;
        double fp = 0;
        double fn = 0;
        double tn = 0;
        for (double p : probabilities) {
            if (p > THRESHOLD) {
                tp += p;
                fp += 1 - p;
            } else {
                fn += p;
                tn += 1 - p;
            }
        }
        return of(tp, fp, fn, tn, estimatedAuc(probabilities));
    }

    private static BinaryPerformance of(double tp, double fp, double fn, double tn, double auc) {
        double precision = tp + fp == 0 ? Double.NaN : tp / (tp + fp);
        double recall = tp + fn == 0 ? Double.NaN : tp / (tp + fn);
        double f1 = Double.isNaN(precision) || Double.isNaN(recall) || precision + recall == 0 ? Double.NaN
                : 2 * precision * recall / (precision + recall);
        double total = tp + fp + fn + tn;
        return new BinaryPerformance(total == 0 ? Double.NaN : (tp + tn) / total, precision, recall, f1, auc);
    }

    /** The Mann-Whitney statistic: the chance a random positive outranks a random negative, ties counting half. */
    private static double realAuc(double[] probabilities, boolean[] positive) {
        Integer[] order = sortedIndexes(probabilities);
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && probabilities[order[j + 1]] == probabilities[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = probabilities.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** The trapezoid area under the expected ROC curve, thresholds taken from the highest probability down. */
    private static double estimatedAuc(double[] probabilities) {
        double expectedPositives = Arrays.stream(probabilities).sum();
        double expectedNegatives = probabilities.length - expectedPositives;
        if (expectedPositives <= 0 || expectedNegatives <= 0) {
            return Double.NaN;
        }
        Integer[] order = sortedIndexes(probabilities);
        double area = 0;
        double tp = 0;
        double fp = 0;
        int i = order.length - 1;
        while (i >= 0) {
            double previousTpr = tp / expectedPositives;
            double previousFpr = fp / expectedNegatives;
            // Rows of one probability cross the threshold together.
            double value = probabilities[order[i]];
            while (i >= 0 && probabilities[order[i]] == value) {
                tp += value;
                fp += 1 - value;
                i--;
            }
            area += (fp / expectedNegatives - previousFpr) * (tp / expectedPositives + previousTpr) / 2;
        }
        return area;
    }

    private static Integer[] sortedIndexes(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(index -> values[index]));
        return order;
    }
}
