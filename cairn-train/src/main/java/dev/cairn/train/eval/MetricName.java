package dev.cairn.train.eval;

import dev.cairn.core.error.CairnException;

import java.util.Arrays;
import java.util.Locale;

/** The metrics Cairn computes, and whether more is better. */
public enum MetricName {
    ACCURACY(true), PRECISION(true), RECALL(true), F1(true), ROC_AUC(true), LOG_LOSS(false),
    RMSE(false), MAE(false), R2(true);

    private final boolean higherIsBetter;

    MetricName(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
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
