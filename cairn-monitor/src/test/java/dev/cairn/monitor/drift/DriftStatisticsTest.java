package dev.cairn.monitor.drift;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Each statistic on tiny counts, against the value worked out by hand in the test. */
class DriftStatisticsTest {
    @Test
    void chiSquareScalesTheReferenceToTheCurrentTotal() {
        // Expected 10, 20, 30 (the reference already totals 60); (5² / 10) + (5² / 20) + 0 = 3.75 on 2 dof.
        assertThat(DriftStatistics.chiSquarePValue(new long[] {10, 20, 30}, new long[] {15, 15, 30}))
                .isCloseTo(Math.exp(-3.75 / 2), within(1e-12));
        // The reference doubled: expected 5, 10, 15 against 15, 15, 0; 100/5 + 25/10 + 225/15 = 37.5.
        assertThat(DriftStatistics.chiSquarePValue(new long[] {10, 20, 30}, new long[] {15, 15, 0}))
                .isCloseTo(Math.exp(-37.5 / 2), within(1e-15));
        assertThat(DriftStatistics.chiSquarePValue(new long[] {10, 20, 30}, new long[] {10, 20, 30})).isCloseTo(1, within(1e-12));
        assertThat(DriftStatistics.chiSquarePValue(new long[] {10, 0}, new long[] {10, 1})).as("a category the reference never saw").isZero();
    }

    @Test
    void zTestPoolsTheProportions() {
        // p1 = 30/100, p2 = 50/100, pooled 0.4: z = -0.2 / sqrt(0.24 * 0.02) = -2.886751...
        double z = -0.2 / Math.sqrt(0.4 * 0.6 * (1 / 100.0 + 1 / 100.0));
        double expected = Probability.chiSquareSurvival(z * z, 1);
        assertThat(z).isCloseTo(-2.8867513, within(1e-6));
        assertThat(DriftStatistics.zTestPValue(new long[] {30, 70}, new long[] {50, 50})).isCloseTo(expected, within(1e-12))
                .isCloseTo(0.003892, within(2e-6));
        assertThat(DriftStatistics.zTestPValue(new long[] {70, 30}, new long[] {50, 50})).as("the value chosen does not matter")
                .isCloseTo(expected, within(1e-12));
        assertThat(DriftStatistics.zTestPValue(new long[] {40}, new long[] {9})).as("one value in both").isEqualTo(1);
        assertThatThrownBy(() -> DriftStatistics.zTestPValue(new long[] {1, 2, 3}, new long[] {1, 2, 3}))
                .hasMessageContaining("binary");
    }

    @Test
    void jensenShannonIsTheSquareRootOfHalfTheSummedDivergencesInNats() {
        // p = (1/2, 1/2), q = (1, 0), m = (3/4, 1/4).
        double klP = 0.5 * Math.log(0.5 / 0.75) + 0.5 * Math.log(0.5 / 0.25);
        double klQ = Math.log(1 / 0.75);
        assertThat(DriftStatistics.jensenShannon(new long[] {5, 5}, new long[] {8, 0})).isCloseTo(Math.sqrt((klP + klQ) / 2), within(1e-12));
        assertThat(DriftStatistics.jensenShannon(new long[] {3, 0}, new long[] {0, 7})).as("disjoint").isCloseTo(Math.sqrt(Math.log(2)), within(1e-12));
        assertThat(DriftStatistics.jensenShannon(new long[] {1, 2, 3}, new long[] {2, 4, 6})).isCloseTo(0, within(1e-12));
    }

    @Test
    void psiSumsOverSharesAndFillsEmptyOnes() {
        assertThat(DriftStatistics.psi(new long[] {1, 3}, new long[] {2, 2}))
                .isCloseTo((0.25 - 0.5) * Math.log(0.25 / 0.5) + (0.75 - 0.5) * Math.log(0.75 / 0.5), within(1e-12));
        // The empty reference share becomes 0.0001 (its smallest share, 1, is above 0.0001).
        assertThat(DriftStatistics.psi(new long[] {4, 0}, new long[] {1, 1}))
                .isCloseTo((1 - 0.5) * Math.log(1 / 0.5) + (0.0001 - 0.5) * Math.log(0.0001 / 0.5), within(1e-12));
        // The smallest current share is 1/20,000 <= 0.0001, so the empty one becomes a millionth of it.
        double small = 1 / 20_000.0;
        assertThat(DriftStatistics.psi(new long[] {1, 1, 2}, new long[] {1, 0, 19_999}))
                .isCloseTo((0.25 - small) * Math.log(0.25 / small) + (0.25 - small / 1e6) * Math.log(0.25 / (small / 1e6))
                        + (0.5 - 19_999 / 20_000.0) * Math.log(0.5 / (19_999 / 20_000.0)), within(1e-9));
    }

    @Test
    void ksPValueUsesStephensCorrectionOfTheAsymptoticDistribution() {
        double en = Math.sqrt(100.0 * 400 / 500);
        double lambda = (en + 0.12 + 0.11 / en) * 0.2;
        double theta = 0;
        for (int k = 1; k <= 200; k++) {
            theta += Math.exp(-(2.0 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / (8 * lambda * lambda));
        }
        assertThat(DriftStatistics.ksPValue(0.2, 100, 400)).isCloseTo(1 - Math.sqrt(2 * Math.PI) / lambda * theta, within(1e-10));
    }
}
