package dev.cairn.train.eval;

import dev.cairn.core.error.CairnException;
import dev.cairn.train.trainer.Task;

import java.util.Arrays;
import java.util.Locale;

/** The metrics Cairn computes, the task each applies to, and whether more is better. */
public enum MetricName {
    ACCURACY(Task.CLASSIFICATION, true), PRECISION(Task.CLASSIFICATION, true), RECALL(Task.CLASSIFICATION, true),
    F1(Task.CLASSIFICATION, true), ROC_AUC(Task.CLASSIFICATION, true), LOG_LOSS(Task.CLASSIFICATION, false),
    RMSE(Task.REGRESSION, false), MAE(Task.REGRESSION, false), R2(Task.REGRESSION, true);

    private final Task task;
    private final boolean higherIsBetter;

    MetricName(Task task, boolean higherIsBetter) {
        this.task = task;
        this.higherIsBetter = higherIsBetter;
    }

    /** The task whose models this metric measures. */
    public Task task() {
        return task;
    }

    /** The key used in specs and tracking: {@code roc_auc}, {@code log_loss}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True if a larger value is a better model. */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** True if {@code candidate} is better than {@code incumbent}. */
    public boolean isBetter(double candidate, double incumbent) {
        return higherIsBetter ? candidate > incumbent : candidate < incumbent;
    }

    /** How much worse {@code candidate} is than {@code reference} (negative when it is better). */
    public double shortfall(double candidate, double reference) {
        return higherIsBetter ? reference - candidate : candidate - reference;
    }

    /** Parses a metric key. */
    public static MetricName parse(String key) {
        for (MetricName metric : values()) {
            if (metric.key().equals(key)) {
                return metric;
            }
        }
        throw CairnException.invalidParameter("Unknown metric '" + key + "'; known: " + Arrays.stream(values()).map(MetricName::key).toList());
    }
}
