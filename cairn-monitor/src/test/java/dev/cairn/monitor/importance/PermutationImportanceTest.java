package dev.cairn.monitor.importance;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A logistic model of one input beside an input it ignores: the first matters, the second does not, by every metric. */
class PermutationImportanceTest {
    private static final int ROWS = 2_000;
    /** P(positive) = sigmoid(3 x); {@code noise} is read by nobody. */
    private static final Scorer LOGISTIC = rows -> {
        double[] x = ((Column.Numbers) rows.column("x").orElseThrow()).values();
        double[] negative = new double[x.length];
        double[] positive = new double[x.length];
        String[] labels = new String[x.length];
        for (int i = 0; i < x.length; i++) {
            positive[i] = 1 / (1 + Math.exp(-3 * x[i]));
            negative[i] = 1 - positive[i];
            labels[i] = positive[i] > 0.5 ? "1" : "0";
        }
        return new Frame(List.of(new Column.Strings("label", labels), Column.Numbers.ofDoubles("probability_0", negative),
                Column.Numbers.ofDoubles("probability_1", positive)));
    };

    @Test
    void withLabelsTheDropOfRocAucRanksTheUsedInputFirstAndTheIgnoredOneAtZero() {
        Frame rows = rows(7);
        boolean[] positive = labels(rows, 8);
        ImportanceReport report = PermutationImportance.compute(rows, LOGISTIC, Optional.of("1"), Optional.of(positive), 42);
        assertThat(report.metric()).isEqualTo(ImportanceMetric.ROC_AUC);
        assertThat(report.rows()).isEqualTo(ROWS);
        assertThat(report.repeats()).isEqualTo(PermutationImportance.REPEATS);
        // Labels drawn from sigmoid(3x) with x standard normal: the true model ranks well (about 0.9); shuffling x leaves a coin's 0.5.
        assertThat(report.baseline()).isGreaterThan(0.85);
        assertThat(report.features()).extracting(FeatureImportance::column).containsExactly("x", "noise");
        assertThat(report.features().get(0).mean()).isCloseTo(report.baseline() - 0.5, within(0.05));
        assertThat(report.features().get(1).mean()).as("the model never reads it: the same answers, the same AUC").isZero();
        assertThat(report.features().get(1).std()).isZero();
        assertThat(report.features().get(0).std()).as("shuffles differ a little").isPositive().isLessThan(0.03);

        ImportanceReport again = PermutationImportance.compute(rows, LOGISTIC, Optional.of("1"), Optional.of(positive), 42);
        assertThat(again).as("seeded: the same figures again").isEqualTo(report);
    }

    @Test
    void labelsOfOneClassFallBackToAccuracy() {
        Frame rows = rows(3);
        boolean[] allPositive = new boolean[ROWS];
        Arrays.fill(allPositive, true);
        ImportanceReport report = PermutationImportance.compute(rows, LOGISTIC, Optional.of("1"), Optional.of(allPositive), 1);
        assertThat(report.metric()).isEqualTo(ImportanceMetric.ACCURACY);
        // Accuracy is the share of x > 0, about a half, whether x is shuffled or not: importance near 0 for both.
        assertThat(report.baseline()).isBetween(0.45, 0.55);
        assertThat(report.features().stream().filter(feature -> feature.column().equals("noise")).findFirst().orElseThrow().mean()).isZero();
    }

    @Test
    void withoutLabelsTheProbabilityMovesOnlyWithTheUsedInput() {
        Frame rows = rows(5);
        ImportanceReport report = PermutationImportance.compute(rows, LOGISTIC, Optional.of("1"), Optional.empty(), 9);
        assertThat(report.metric()).isEqualTo(ImportanceMetric.PROBABILITY_CHANGE);
        assertThat(report.baseline()).isZero();
        // E|s(3X) - s(3Y)| for independent standard normals, by a second method: a direct Monte Carlo estimate.
        SplittableRandom random = new SplittableRandom(99);
        double expected = 0;
        int draws = 1_000_000;
        for (int i = 0; i < draws; i++) {
            expected += Math.abs(sigmoid(3 * gaussian(random)) - sigmoid(3 * gaussian(random)));
        }
        expected /= draws;
        assertThat(report.features().get(0).column()).isEqualTo("x");
        assertThat(report.features().get(0).mean()).isCloseTo(expected, within(0.02));
        assertThat(report.features().get(1).mean()).isZero();
    }

    @Test
    void aRegressorsPredictionAndAMulticlassLabelAreMeasuredByTheirChange() {
        Frame rows = rows(2);
        Scorer linear = input -> {
            double[] x = ((Column.Numbers) input.column("x").orElseThrow()).values();
            double[] prediction = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                prediction[i] = 2 * x[i];
            }
            return new Frame(List.of(Column.Numbers.ofDoubles("prediction", prediction)));
        };
        ImportanceReport regression = PermutationImportance.compute(rows, linear, Optional.empty(), Optional.empty(), 4);
        assertThat(regression.metric()).isEqualTo(ImportanceMetric.PREDICTION_CHANGE);
        // E|2X - 2Y| = 2 * 2/sqrt(pi) for independent standard normals.
        assertThat(regression.features().get(0).mean()).isCloseTo(4 / Math.sqrt(Math.PI), within(0.1));
        assertThat(regression.features().get(1).mean()).isZero();

        Scorer sign = input -> {
            double[] x = ((Column.Numbers) input.column("x").orElseThrow()).values();
            String[] labels = new String[x.length];
            for (int i = 0; i < x.length; i++) {
                labels[i] = x[i] < -0.5 ? "low" : x[i] > 0.5 ? "high" : "mid";
            }
            return new Frame(List.of(new Column.Strings("label", labels)));
        };
        ImportanceReport classes = PermutationImportance.compute(rows, sign, Optional.empty(), Optional.empty(), 4);
        assertThat(classes.metric()).isEqualTo(ImportanceMetric.LABEL_CHANGE);
        // Two independent rows fall in different thirds with probability 1 - sum of the squared shares (0.3085, 0.383, 0.3085).
        double low = 0.3085;
        double mid = 1 - 2 * low;
        assertThat(classes.features().get(0).mean()).isCloseTo(1 - 2 * low * low - mid * mid, within(0.03));
    }

    @Test
    void tooManyRowsAreRefusedAndAWideModelGetsFewer() {
        double[] many = new double[PermutationImportance.MAX_ROWS + 1];
        Frame rows = new Frame(List.of(Column.Numbers.ofDoubles("x", many)));
        assertThatThrownBy(() -> PermutationImportance.compute(rows, LOGISTIC, Optional.of("1"), Optional.empty(), 1))
                .isInstanceOf(CairnException.class).hasMessageContaining("over 1 inputs needs 1 to 10000 rows");
        assertThat(PermutationImportance.maxRows(30)).as("30 inputs: 151 scorings of 10,000 rows").isEqualTo(10_000);
        // 1,000 inputs: 5,001 scorings; 2,000,000 / 5,001 = 399 rows.
        assertThat(PermutationImportance.maxRows(1_000)).isEqualTo(399);
        assertThat(PermutationImportance.maxRows(1_000_000)).isEqualTo(1);
    }

    private static Frame rows(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[ROWS];
        double[] noise = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            x[i] = gaussian(random);
            noise[i] = gaussian(random);
        }
        return new Frame(List.of(Column.Numbers.ofDoubles("x", x), Column.Numbers.ofDoubles("noise", noise)));
    }

    /** Labels drawn with the model's own probability. */
    private static boolean[] labels(Frame rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = ((Column.Numbers) rows.column("x").orElseThrow()).values();
        boolean[] positive = new boolean[x.length];
        for (int i = 0; i < x.length; i++) {
            positive[i] = random.nextDouble() < sigmoid(3 * x[i]);
        }
        return positive;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** A standard normal draw (Box-Muller). */
    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
