package dev.cairn.monitor.drift;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The one-pass statistics against brute force over the raw values: the KS statistic as the
 * largest CDF gap at every value, Wasserstein-1 as the integral of the quantile functions'
 * distance, the standard deviation in two passes, the histogram by comparing with every edge.
 */
class NumericComparisonTest {
    @Test
    void aHandWorkedCase() {
        // reference {1, 2, 3}, current {2, 4}: CDF gaps 1/3 at 1, 1/6 at 2, 1/2 at 3, 0 at 4.
        NumericComparison comparison = comparison(new double[] {1, 2, 3}, new double[] {2, 4}, 0);
        assertThat(comparison.ksStatistic()).isCloseTo(0.5, within(1e-15));
        // ∫|F - G| = 1/3 * 1 + 1/6 * 1 + 1/2 * 1 = 1.
        assertThat(comparison.wasserstein()).isCloseTo(1, within(1e-15));
        assertThat(comparison.referenceStd()).isCloseTo(Math.sqrt(2 / 3.0), within(1e-15));
        assertThat(comparison.normalizedWasserstein()).isCloseTo(1 / Math.sqrt(2 / 3.0), within(1e-12));
    }

    @Test
    void matchesBruteForceOnSamplesWithTies() {
        Random random = new Random(15);
        for (int trial = 0; trial < 20; trial++) {
            double[] reference = sample(random, 1 + random.nextInt(300), 0, trial % 2 == 0);
            double[] current = sample(random, 1 + random.nextInt(500), random.nextDouble() * 3, trial % 2 == 0);
            NumericComparison comparison = comparison(reference, current, 0);
            assertThat(comparison.ksStatistic()).as("trial %d", trial).isCloseTo(bruteForceKs(reference, current), within(1e-12));
            assertThat(comparison.wasserstein()).as("trial %d", trial).isCloseTo(quantileWasserstein(reference, current), within(1e-9));
            assertThat(comparison.referenceStd()).as("trial %d", trial).isCloseTo(twoPassStd(reference), within(1e-9));
        }
    }

    @Test
    void binsAsNumpyHistogramDoesOverBothTablesRange() {
        Random random = new Random(7);
        double[] reference = sample(random, 500, 0, false);
        double[] current = sample(random, 700, 1.5, true);
        double min = Math.min(Arrays.stream(reference).min().orElseThrow(), Arrays.stream(current).min().orElseThrow());
        double max = Math.max(Arrays.stream(reference).max().orElseThrow(), Arrays.stream(current).max().orElseThrow());
        NumericComparison comparison = comparison(reference, current, 30);
        assertThat(comparison.referenceBins()).containsExactly(histogram(reference, min, max, 30));
        assertThat(comparison.currentBins()).containsExactly(histogram(current, min, max, 30));
        assertThat(Arrays.stream(comparison.currentBins()).sum()).isEqualTo(700);
    }

    @Test
    void refusesValuesOutOfOrder() {
        NumericComparison comparison = new NumericComparison(2, 2, 0, 1, 0);
        comparison.add(1, 1, 1);
        assertThatThrownBy(() -> comparison.add(0.5, 1, 1)).hasMessageContaining("ascend");
    }

    private static NumericComparison comparison(double[] reference, double[] current, int bins) {
        TreeMap<Double, long[]> counts = new TreeMap<>();
        for (double value : reference) {
            counts.computeIfAbsent(value, v -> new long[2])[0]++;
        }
        for (double value : current) {
            counts.computeIfAbsent(value, v -> new long[2])[1]++;
        }
        NumericComparison comparison = new NumericComparison(reference.length, current.length, counts.firstKey(), counts.lastKey(), bins);
        counts.forEach((value, pair) -> comparison.add(value, pair[0], pair[1]));
        return comparison;
    }

    /** Normal values, rounded to integers (many ties) or to 3 decimals. */
    private static double[] sample(Random random, int size, double shift, boolean integers) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            double value = (random.nextGaussian() + shift) * (integers ? 3 : 1);
            // + 0.0 turns -0.0 into 0.0, one value as DuckDB groups them.
            values[i] = (integers ? Math.rint(value) : Math.rint(value * 1000) / 1000) + 0.0;
        }
        return values;
    }

    private static double bruteForceKs(double[] reference, double[] current) {
        double largest = 0;
        for (double[] side : new double[][] {reference, current}) {
            for (double x : side) {
                largest = Math.max(largest, Math.abs(cdf(reference, x) - cdf(current, x)));
            }
        }
        return largest;
    }

    private static double cdf(double[] values, double x) {
        return Arrays.stream(values).filter(v -> v <= x).count() / (double) values.length;
    }

    /** ∫₀¹ |F⁻¹(t) - G⁻¹(t)| dt: both quantile functions are steps at multiples of 1/n and 1/m, exact on each piece. */
    private static double quantileWasserstein(double[] reference, double[] current) {
        double[] a = reference.clone();
        double[] b = current.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        TreeMap<Double, Boolean> breaks = new TreeMap<>();
        for (int i = 0; i <= a.length; i++) {
            breaks.put((double) i / a.length, true);
        }
        for (int j = 0; j <= b.length; j++) {
            breaks.put((double) j / b.length, true);
        }
        Double[] t = breaks.keySet().toArray(new Double[0]);
        double sum = 0;
        for (int k = 0; k + 1 < t.length; k++) {
            double middle = (t[k] + t[k + 1]) / 2;
            sum += (t[k + 1] - t[k]) * Math.abs(a[(int) (middle * a.length)] - b[(int) (middle * b.length)]);
        }
        return sum;
    }

    private static double twoPassStd(double[] values) {
        double mean = Arrays.stream(values).average().orElseThrow();
        return Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length);
    }

    private static long[] histogram(double[] values, double min, double max, int bins) {
        long[] counts = new long[bins];
        for (double value : values) {
            for (int bin = 0; bin < bins; bin++) {
                double low = min + bin * ((max - min) / bins);
                double high = bin == bins - 1 ? max : min + (bin + 1) * ((max - min) / bins);
                if (value >= low && (value < high || bin == bins - 1 && value <= high)) {
                    counts[bin]++;
                    break;
                }
            }
        }
        return counts;
    }
}
