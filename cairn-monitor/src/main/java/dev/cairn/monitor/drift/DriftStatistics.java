package dev.cairn.monitor.drift;

/**
 * The drift statistics over counts, each as Evidently computes it. The arrays hold, per category
 * (or bin), the reference's and the current table's counts in the same order.
 */
public final class DriftStatistics {
    private DriftStatistics() {
    }

    /**
     * The two-sample Kolmogorov-Smirnov p-value of a statistic {@code d} for samples of {@code n}
     * and {@code m} values: the asymptotic Kolmogorov distribution at (sqrt(en) + 0.12 + 0.11 /
     * sqrt(en)) d with en = n m / (n + m) (Stephens' correction, as Numerical Recipes' probks and
     * scipy's ks_2samp before 1.5). scipy's current 'auto' mode computes exact p-values for small
     * samples, so for a few dozen values the two differ in the second digit.
     */
    public static double ksPValue(double d, long n, long m) {
        double en = Math.sqrt((double) n * m / (n + m));
        return Probability.kolmogorovSurvival((en + 0.12 + 0.11 / en) * d);
    }

    /**
     * Pearson's chi-square p-value of the current counts against the reference's shares scaled to
     * the current total (scipy's chisquare as Evidently calls it), k - 1 degrees of freedom. A
     * category the reference never saw has an expected count of 0 and makes the p-value 0.
     */
    public static double chiSquarePValue(long[] reference, long[] current) {
        checkSameLength(reference, current);
        if (reference.length < 2) {
            return 1;
        }
        double scale = (double) sum(current) / sum(reference);
        double statistic = 0;
        for (int i = 0; i < reference.length; i++) {
            double expected = reference[i] * scale;
            if (expected == 0) {
                if (current[i] > 0) {
                    return 0;
                }
                continue;
            }
            double difference = current[i] - expected;
            statistic += difference * difference / expected;
        }
        return Probability.chiSquareSurvival(statistic, reference.length - 1);
    }

    /**
     * The two-sided p-value of the pooled two-proportion z-test on the share of one value of a
     * binary column (Evidently's proportions_diff_z_test; the value chosen does not change |z|).
     * One value in both tables is no difference: 1.
     */
    public static double zTestPValue(long[] reference, long[] current) {
        checkSameLength(reference, current);
        if (reference.length > 2) {
            throw new IllegalArgumentException("the z-test compares a binary column, not " + reference.length + " values");
        }
        if (reference.length < 2) {
            return 1;
        }
        double n1 = sum(reference);
        double n2 = sum(current);
        double p1 = reference[0] / n1;
        double p2 = current[0] / n2;
        double pooled = (reference[0] + current[0]) / (n1 + n2);
        double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        return Probability.normalTwoSided(z);
    }

    /**
     * The Jensen-Shannon distance between the two tables' shares: sqrt((KL(p‖m) + KL(q‖m)) / 2)
     * with m the mean of p and q, natural logarithm (scipy's jensenshannon with its default base,
     * as Evidently calls it); between 0 and sqrt(ln 2).
     */
    public static double jensenShannon(long[] reference, long[] current) {
        checkSameLength(reference, current);
        double n1 = sum(reference);
        double n2 = sum(current);
        double divergence = 0;
        for (int i = 0; i < reference.length; i++) {
            double p = reference[i] / n1;
            double q = current[i] / n2;
            double m = (p + q) / 2;
            divergence += relativeEntropy(p, m) + relativeEntropy(q, m);
        }
        return Math.sqrt(Math.max(0, divergence / 2));
    }

    /**
     * The population stability index Σ (r - c) ln(r / c) over the shares. As in Evidently, an empty
     * share becomes 0.0001, or a millionth of the smallest non-empty share when that is smaller,
     * separately in each table (the shares are not renormalised).
     */
    public static double psi(long[] reference, long[] current) {
        checkSameLength(reference, current);
        double[] r = filledShares(reference);
        double[] c = filledShares(current);
        double psi = 0;
        for (int i = 0; i < r.length; i++) {
            psi += (r[i] - c[i]) * Math.log(r[i] / c[i]);
        }
        return psi;
    }

    private static double[] filledShares(long[] counts) {
        double total = sum(counts);
        double[] shares = new double[counts.length];
        double smallest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < counts.length; i++) {
            shares[i] = counts[i] / total;
            if (counts[i] > 0) {
                smallest = Math.min(smallest, shares[i]);
            }
        }
        double fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
        for (int i = 0; i < shares.length; i++) {
            if (shares[i] == 0) {
                shares[i] = fill;
            }
        }
        return shares;
    }

    private static double relativeEntropy(double p, double m) {
        return p == 0 ? 0 : p * Math.log(p / m);
    }

    private static long sum(long[] counts) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            throw new IllegalArgumentException("no values to compare");
        }
        return total;
    }

    private static void checkSameLength(long[] reference, long[] current) {
        if (reference.length != current.length) {
            throw new IllegalArgumentException("reference and current counts differ in length: " + reference.length + " and " + current.length);
        }
    }
}
