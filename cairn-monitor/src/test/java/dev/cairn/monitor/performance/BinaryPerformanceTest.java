package dev.cairn.monitor.performance;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Real metrics worked out by hand, and CBPE's estimates against the real values of a calibrated model. */
class BinaryPerformanceTest {
    @Test
    void realMetricsMatchAConfusionMatrixWorkedOutByHand() {
        double[] p = {0.9, 0.8, 0.6, 0.4, 0.3, 0.2};
        boolean[] positive = {true, false, true, true, false, false};
        // Predicted positive: 0.9 (TP), 0.8 (FP), 0.6 (TP); negative: 0.4 (FN), 0.3 (TN), 0.2 (TN).
        BinaryPerformance real = BinaryPerformance.real(p, positive);
        assertThat(real.accuracy()).isCloseTo(4 / 6.0, within(1e-12));
        assertThat(real.precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(real.recall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(real.f1()).isCloseTo(2 / 3.0, within(1e-12));
        // Positives' ranks 6, 4, 3 of 6: (13 - 6) / (3 * 3) = 7/9, as counting the 9 positive-negative pairs gives.
        assertThat(real.rocAuc()).isCloseTo(7 / 9.0, within(1e-12));
    }

    @Test
    void tiesCountHalfAndOneClassHasNoAuc() {
        assertThat(BinaryPerformance.real(new double[] {0.5, 0.5}, new boolean[] {true, false}).rocAuc()).isEqualTo(0.5);
        BinaryPerformance onlyPositive = BinaryPerformance.real(new double[] {0.2, 0.7}, new boolean[] {true, true});
        assertThat(onlyPositive.rocAuc()).isNaN();
        assertThat(onlyPositive.recall()).isEqualTo(0.5);
        assertThat(BinaryPerformance.real(new double[] {0.1}, new boolean[] {false}).precision()).as("nothing predicted positive").isNaN();
    }

    @Test
    void estimatedMetricsSumTheExpectedConfusionMatrix() {
        // Expected TP 0.9 + 0.6 = 1.5, FP 0.1 + 0.4 = 0.5, FN 0.3, TN 0.7.
        BinaryPerformance estimated = BinaryPerformance.estimated(new double[] {0.9, 0.6, 0.3});
        assertThat(estimated.accuracy()).isCloseTo((1.5 + 0.7) / 3, within(1e-12));
        assertThat(estimated.precision()).isCloseTo(1.5 / 2.0, within(1e-12));
        assertThat(estimated.recall()).isCloseTo(1.5 / 1.8, within(1e-12));
        assertThat(estimated.f1()).isCloseTo(2 * 0.75 * (1.5 / 1.8) / (0.75 + 1.5 / 1.8), within(1e-12));
        // The expected ROC curve: (0, 0) -> (0.1/1.2, 0.9/1.8) -> (0.5/1.2, 1.5/1.8) -> (1, 1), by trapezoids.
        double auc = (0.1 / 1.2) * (0.5 / 2) + (0.4 / 1.2) * ((0.5 + 1.5 / 1.8) / 2) + (0.7 / 1.2) * ((1.5 / 1.8 + 1) / 2);
        assertThat(estimated.rocAuc()).isCloseTo(auc, within(1e-12));
    }

    @Test
    void onACalibratedModelTheEstimateMeetsTheRealValues() {
        // Labels drawn with the predicted probability: the probabilities are calibrated by construction.
        SplittableRandom random = new SplittableRandom(11);
        int n = 200_000;
        double[] p = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.pow(random.nextDouble(), 1.5);
            positive[i] = random.nextDouble() < p[i];
        }
        BinaryPerformance real = BinaryPerformance.real(p, positive);
        BinaryPerformance estimated = BinaryPerformance.estimated(p);
        assertThat(estimated.accuracy()).isCloseTo(real.accuracy(), within(0.005));
        assertThat(estimated.precision()).isCloseTo(real.precision(), within(0.005));
        assertThat(estimated.recall()).isCloseTo(real.recall(), within(0.005));
        assertThat(estimated.f1()).isCloseTo(real.f1(), within(0.005));
        assertThat(estimated.rocAuc()).isCloseTo(real.rocAuc(), within(0.005));
        // A model that is sure and wrong half the time is not calibrated: the estimate then says more than the labels.
        assertThat(BinaryPerformance.estimated(new double[] {0.99, 0.99}).accuracy()).isGreaterThan(
                BinaryPerformance.real(new double[] {0.99, 0.99}, new boolean[] {true, false}).accuracy());
    }
}
