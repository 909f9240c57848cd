package dev.cairn.monitor.drift;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The tail probabilities against closed forms and against a second method written here. */
class ProbabilityTest {
    @Test
    void lnGammaMatchesFactorialsAndTheHalfIntegerValue() {
        assertThat(Probability.lnGamma(1)).isCloseTo(0, within(1e-9));
        assertThat(Probability.lnGamma(5)).isCloseTo(Math.log(24), within(1e-9));
        assertThat(Probability.lnGamma(11)).isCloseTo(Math.log(3_628_800), within(1e-9));
        assertThat(Probability.lnGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-9));
    }

    @Test
    void chiSquareWithTwoAndFourDegreesOfFreedomMatchesTheClosedForms() {
        for (double x : new double[] {0.01, 0.5, 1, 2.5, 3.75, 7, 15, 40, 90}) {
            assertThat(Probability.chiSquareSurvival(x, 2)).as("x=%s", x).isCloseTo(Math.exp(-x / 2), within(1e-12 + 1e-9 * Math.exp(-x / 2)));
            double four = Math.exp(-x / 2) * (1 + x / 2);
            assertThat(Probability.chiSquareSurvival(x, 4)).as("x=%s", x).isCloseTo(four, within(1e-12 + 1e-9 * four));
        }
        assertThat(Probability.chiSquareSurvival(0, 3)).isEqualTo(1);
    }

    @Test
    void chiSquareWithOneDegreeOfFreedomAndTheNormalTailMatchSimpsonIntegrationOfTheNormalDensity() {
        for (double z : new double[] {0.05, 0.3, 1, 1.959964, 2.5, 3.3, 5}) {
            double twoSided = 2 * normalTailBySimpson(z);
            assertThat(Probability.normalTwoSided(z)).as("z=%s", z).isCloseTo(twoSided, within(1e-9 + 1e-7 * twoSided));
            assertThat(Probability.normalTwoSided(-z)).isCloseTo(twoSided, within(1e-9 + 1e-7 * twoSided));
            assertThat(Probability.chiSquareSurvival(z * z, 1)).as("x=%s", z * z).isCloseTo(twoSided, within(1e-9 + 1e-7 * twoSided));
        }
        assertThat(Probability.normalTwoSided(1.959964)).isCloseTo(0.05, within(1e-6));
    }

    @Test
    void kolmogorovSurvivalMatchesBothSeriesSummedLongAndTheTabledCriticalValue() {
        for (double lambda = 0.3; lambda <= 3; lambda += 0.1) {
            double alternating = 0;
            for (int k = 1; k <= 500; k++) {
                alternating += (k % 2 == 1 ? 1 : -1) * 2 * Math.exp(-2.0 * k * k * lambda * lambda);
            }
            double theta = 0;
            for (int k = 1; k <= 500; k++) {
                theta += Math.exp(-(2.0 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / (8 * lambda * lambda));
            }
            theta = 1 - Math.sqrt(2 * Math.PI) / lambda * theta;
            assertThat(alternating).as("the two forms agree at %s", lambda).isCloseTo(theta, within(1e-10));
            assertThat(Probability.kolmogorovSurvival(lambda)).as("lambda=%s", lambda).isCloseTo(theta, within(1e-10));
        }
        assertThat(Probability.kolmogorovSurvival(1.3581)).isCloseTo(0.05, within(1e-4));
        assertThat(Probability.kolmogorovSurvival(0)).isEqualTo(1);
        assertThat(Probability.kolmogorovSurvival(0.05)).isCloseTo(1, within(1e-12));
    }

    /** P(Z > z) as the integral of the normal density from z to z + 12, composite Simpson with 200,000 intervals. */
    private static double normalTailBySimpson(double z) {
        int intervals = 200_000;
        double h = 12.0 / intervals;
        double sum = density(z) + density(z + 12);
        for (int i = 1; i < intervals; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * density(z + i * h);
        }
        return sum * h / 3;
    }

    private static double density(double x) {
        return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    }
}
