package dev.cairn.monitor.drift;

/**
 * One pass over a numeric column's distinct values in ascending order, each with its count in
 * the reference and in the current table, giving both empirical distributions' Kolmogorov-Smirnov
 * statistic, their Wasserstein-1 distance, the reference's standard deviation, and equal-width
 * histograms. Memory is constant: the caller streams the values (DuckDB sorts them).
 */
public final class NumericComparison {
    private final long referenceTotal;
    private final long currentTotal;
    private final double min;
    private final double max;
    private final long[] referenceBins;
    private final long[] currentBins;
    private long referenceSeen;
    private long currentSeen;
    private double previousValue = Double.NEGATIVE_INFINITY;
    private double previousGap;
    private double ks;
    private double wasserstein;
    private double mean;
    private double squares;

    /**
     * Prepares a pass over values between {@code min} and {@code max} with the given totals;
     * {@code bins} equal-width bins over [min, max] (0 for none), numpy's histogram edges.
     */
    public NumericComparison(long referenceTotal, long currentTotal, double min, double max, int bins) {
        if (referenceTotal < 1 || currentTotal < 1) {
            throw new IllegalArgumentException("both tables need values, not " + referenceTotal + " and " + currentTotal);
        }
        if (!(min <= max) || bins < 0) {
            throw new IllegalArgumentException("bad range [" + min + ", " + max + "] or bins " + bins);
        }
        this.referenceTotal = referenceTotal;
        this.currentTotal = currentTotal;
        // numpy widens an empty range by a half on each side.
        this.min = min == max ? min - 0.5 : min;
        this.max = min == max ? max + 0.5 : max;
        this.referenceBins = new long[bins];
        this.currentBins = new long[bins];
    }

    /** Adds a distinct value with its counts; values must come in strictly ascending order. */
    public void add(double value, long referenceCount, long currentCount) {
        if (!(value > previousValue)) {
            throw new IllegalArgumentException("values must ascend: " + value + " after " + previousValue);
        }
        if (referenceSeen + currentSeen > 0) {
            // Between the previous value and this one both CDFs are flat at the previous gap.
            wasserstein += previousGap * (value - previousValue);
        }
        if (referenceCount > 0) {
            // Welford's update with a weight: the count of identical values.
            long n = referenceSeen + referenceCount;
            double delta = value - mean;
            mean += delta * referenceCount / n;
            squares += delta * (value - mean) * referenceCount;
        }
        referenceSeen += referenceCount;
        currentSeen += currentCount;
        previousGap = Math.abs((double) referenceSeen / referenceTotal - (double) currentSeen / currentTotal);
        ks = Math.max(ks, previousGap);
        previousValue = value;
        if (referenceBins.length > 0) {
            int bin = bin(value);
            referenceBins[bin] += referenceCount;
            currentBins[bin] += currentCount;
        }
    }

    /** The largest distance between the two empirical CDFs. */
    public double ksStatistic() {
        return ks;
    }

    /** ∫ |F_reference - F_current| dx, scipy's wasserstein_distance. */
    public double wasserstein() {
        return wasserstein;
    }

    /** The reference's population standard deviation (numpy's std, ddof 0). */
    public double referenceStd() {
        return Math.sqrt(squares / referenceSeen);
    }

    /** Wasserstein-1 divided by the reference's standard deviation, at least 0.001 (Evidently's normalisation). */
    public double normalizedWasserstein() {
        return wasserstein / Math.max(referenceStd(), 0.001);
    }

    /** The reference's counts per bin. */
    public long[] referenceBins() {
        return referenceBins.clone();
    }

    /** The current table's counts per bin. */
    public long[] currentBins() {
        return currentBins.clone();
    }

    private int bin(double value) {
        int bins = referenceBins.length;
        int bin = (int) Math.floor((value - min) / (max - min) * bins);
        bin = Math.max(0, Math.min(bins - 1, bin));
        // Floating point can land a value next to an edge in the wrong bin; numpy corrects it against the edges.
        if (bin > 0 && value < edge(bin)) {
            bin--;
        } else if (bin < bins - 1 && value >= edge(bin + 1)) {
            bin++;
        }
        return bin;
    }

    private double edge(int index) {
        return min + index * ((max - min) / referenceBins.length);
    }
}
