package dev.cairn.monitor.drift;

import dev.cairn.core.error.CairnException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A drift test and the name it has on the wire (Evidently's). For the p-value tests a column
 * drifts when the p-value is below the threshold; for the distances when the distance reaches it.
 */
public enum DriftMethod {
    /** Two-sample Kolmogorov-Smirnov; the statistic is the p-value. */
    KS("ks", 0.05, true),
    /** Wasserstein-1 distance divided by the reference's standard deviation. */
    WASSERSTEIN("wasserstein", 0.1, false),
    /** Pearson's chi-square goodness of fit of the current counts to the reference's shares; the p-value. */
    CHISQUARE("chisquare", 0.05, true),
    /** Two-proportion z-test for a binary column; the p-value. */
    Z("z", 0.05, true),
    /** Jensen-Shannon distance (natural logarithm, as scipy's default). */
    JENSENSHANNON("jensenshannon", 0.1, false),
    /** Population stability index. */
    PSI("psi", 0.1, false);

    private final String wireName;
    private final double defaultThreshold;
    private final boolean pValue;

    DriftMethod(String wireName, double defaultThreshold, boolean pValue) {
        this.wireName = wireName;
        this.defaultThreshold = defaultThreshold;
        this.pValue = pValue;
    }

    /** The name in JSON and on the command line. */
    public String wireName() {
        return wireName;
    }

    /** Evidently's default threshold for this test. */
    public double defaultThreshold() {
        return defaultThreshold;
    }

    /** Whether a statistic means drift under a threshold. */
    public boolean drifts(double statistic, double threshold) {
        return pValue ? statistic < threshold : statistic >= threshold;
    }

    /** The method of a wire name, or a {@link CairnException} listing the names. */
    public static DriftMethod fromWire(String name) {
        for (DriftMethod method : values()) {
            if (method.wireName.equals(name.toLowerCase(Locale.ROOT))) {
                return method;
            }
        }
        throw CairnException.invalidParameter("Unknown drift method '" + name + "'; use one of "
                + Arrays.stream(values()).map(DriftMethod::wireName).collect(Collectors.joining(", ")));
    }
}
