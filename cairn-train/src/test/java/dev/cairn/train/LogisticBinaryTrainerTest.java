package dev.cairn.train;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.encoding.FeatureEncoding;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.linear.BinaryLogistic;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.model.xgboost.SparseRows;
import dev.cairn.train.encode.EncodingSpec;
import dev.cairn.train.eval.Predictions;
import dev.cairn.train.pkg.TrainedModelPackage;
import dev.cairn.train.trainer.Algorithm;
import dev.cairn.train.trainer.FittedModel;
import dev.cairn.train.trainer.LogisticBinaryTrainer;
import dev.cairn.train.trainer.Task;
import dev.cairn.train.trainer.TrainingSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LogisticBinaryTrainerTest {
    private static final List<String> CLASSES = List.of("no", "yes");
    private static final List<String> FEATURES = List.of("x1", "x2", "rare");

    /** Rows drawn from a known model: log-odds 0.5 + 2 x1 - 3 x2 + 1 rare, rare being a one-hot feature present in 10% of rows. */
    private record Drawn(double[][] features, boolean[] positive) {
        static Drawn from(int rows, long seed) {
            Random random = new Random(seed);
            double[][] features = new double[3][rows];
            boolean[] positive = new boolean[rows];
            for (int r = 0; r < rows; r++) {
                features[0][r] = random.nextGaussian();
                features[1][r] = random.nextGaussian();
                features[2][r] = random.nextDouble() < 0.1 ? 1.0 : 0.0;
                double logOdds = 0.5 + 2 * features[0][r] - 3 * features[1][r] + features[2][r];
                positive[r] = random.nextDouble() < BinaryLogistic.probability(logOdds);
            }
            return new Drawn(features, positive);
        }

        SparseRows rows() {
            int[] all = new int[positive.length];
            for (int r = 0; r < all.length; r++) {
                all[r] = r;
            }
            return SparseRows.of(features, all);
        }
    }

    @Test
    void recoversTheCoefficientsOfAKnownModel() {
        Drawn drawn = Drawn.from(40_000, 1);
        BinaryLogistic model = new LogisticBinaryTrainer(10, 0.1, 1, 42).train(drawn.rows(), drawn.positive(), CLASSES, FEATURES);
        assertThat(model.coefficients()[0]).isCloseTo(2.0, within(0.2));
        assertThat(model.coefficients()[1]).isCloseTo(-3.0, within(0.3));
        assertThat(model.coefficients()[2]).isCloseTo(1.0, within(0.3));
        assertThat(model.intercept()).isCloseTo(0.5, within(0.2));
        assertThat(model.features()).isEqualTo(FEATURES);
        assertThat(model.classes()).isEqualTo(CLASSES);
    }

    @Test
    void minibatchesLearnTooButAnotherModel() {
        Drawn drawn = Drawn.from(40_000, 1);
        BinaryLogistic single = new LogisticBinaryTrainer(10, 0.1, 1, 42).train(drawn.rows(), drawn.positive(), CLASSES, FEATURES);
        BinaryLogistic batched = new LogisticBinaryTrainer(10, 0.1, 8, 42).train(drawn.rows(), drawn.positive(), CLASSES, FEATURES);
        assertThat(batched.coefficients()).isNotEqualTo(single.coefficients());
        assertThat(batched.coefficients()[0]).isCloseTo(2.0, within(0.3));
        assertThat(batched.coefficients()[1]).isCloseTo(-3.0, within(0.4));
    }

    @Test
    void separatesSeparableRows() {
        Frame encoded = new Frame(List.of(Column.Numbers.ofDoubles("x", new double[] {-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2}),
                Column.Numbers.ofDoubles("noise", new double[] {1, 0, 1, 0, 1, 0, 1, 0})));
        Column labels = new Column.Strings("label", new String[] {"a", "a", "a", "a", "b", "b", "b", "b"});
        TrainingSet set = TrainingSet.of(Task.CLASSIFICATION, encoded, labels);
        FittedModel model = set.train(Algorithm.LOGISTIC_REGRESSION, Map.of("epochs", 50), 42, 1, set.allRows());
        assertThat(model).isInstanceOf(FittedModel.LogisticBinary.class);
        Predictions.Classes scored = (Predictions.Classes) set.predict(model, set.classes(), set.allRows());
        assertThat(scored.labels()).containsExactly(set.labels());
        for (int r = 0; r < 8; r++) {
            assertThat(scored.probabilities()[r][r < 4 ? 0 : 1]).isGreaterThan(0.7);
            assertThat(scored.probabilities()[r][0] + scored.probabilities()[r][1]).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void aSeedTrainsTheSameModelEveryTime() {
        Drawn drawn = Drawn.from(5_000, 2);
        BinaryLogistic first = new LogisticBinaryTrainer(3, 0.1, 1, 7).train(drawn.rows(), drawn.positive(), CLASSES, FEATURES);
        BinaryLogistic again = new LogisticBinaryTrainer(3, 0.1, 1, 7).train(drawn.rows(), drawn.positive(), CLASSES, FEATURES);
        BinaryLogistic otherSeed = new LogisticBinaryTrainer(3, 0.1, 1, 8).train(drawn.rows(), drawn.positive(), CLASSES, FEATURES);
        assertThat(again.coefficients()).isEqualTo(first.coefficients());
        assertThat(again.intercept()).isEqualTo(first.intercept());
        assertThat(otherSeed.coefficients()).isNotEqualTo(first.coefficients());
    }

    @Test
    void aLinearPackageWhoseModelDisagreesWithItsDescriptorIsRefused(@TempDir Path dir) throws Exception {
        Frame raw = new Frame(List.of(Column.Numbers.ofDoubles("x", new double[] {-2, -1, 1, 2}),
                new Column.Strings("label", new String[] {"a", "a", "b", "b"})));
        FeatureEncoding encoding = new EncodingSpec(List.of("x"), "standard", false, List.of(), 0, Map.of(), Map.of()).fit(raw);
        TrainingSet set = TrainingSet.of(Task.CLASSIFICATION, encoding.encode(raw), raw.column("label").orElseThrow());
        FittedModel model = set.train(Algorithm.LOGISTIC_REGRESSION, Map.of(), 42, 1, set.allRows());
        ModelPackage written = TrainedModelPackage.write(model, encoding, raw, "tiny", dir, Map.of());
        try (LoadedModel served = LoadedModel.load(ModelPackage.read(written.folder()), 1)) {
            assertThat(served.scoreInputExample().rowCount()).isEqualTo(4);
        }

        new BinaryLogistic(List.of("a", "b"), List.of("y"), new double[] {1.0}, 0.0).save(dir.resolve("model.json"));
        assertThatThrownBy(() -> LoadedModel.load(ModelPackage.read(dir), 1)).isInstanceOf(CairnException.class)
                .hasMessageContaining("The linear model model.json has other features than the package's encoding");
        new BinaryLogistic(List.of("b", "a"), encoding.features(), new double[] {1.0}, 0.0).save(dir.resolve("model.json"));
        assertThatThrownBy(() -> LoadedModel.load(ModelPackage.read(dir), 1)).isInstanceOf(CairnException.class)
                .hasMessage("The linear model model.json has classes [b, a], but cairn-model.yaml names class_labels [a, b]");

        // Written by hand without an encoding: a text input would fail every request, so the package is refused when it loads.
        Path handWritten = Files.createDirectories(dir.resolve("hand-written"));
        new BinaryLogistic(List.of("a", "b"), List.of("x"), new double[] {1.0}, 0.0).save(handWritten.resolve("model.json"));
        Files.writeString(handWritten.resolve("cairn-model.yaml"), """
                name: hand-written
                flavor: linear
                model_file: model.json
                class_labels: [a, b]
                signature:
                  inputs: [{name: x, type: string}]
                  outputs: [{name: label, type: string}]
                """);
        assertThatThrownBy(() -> LoadedModel.load(ModelPackage.read(handWritten), 1)).isInstanceOf(CairnException.class)
                .hasMessageStartingWith("The linear model reads numbers only, but input 'x' of the package is string");
    }

    @Test
    void threeClassesStayWithTribuo() {
        Frame encoded = new Frame(List.of(Column.Numbers.ofDoubles("x", new double[] {-1, 0, 1, -1, 0, 1})));
        Column labels = new Column.Strings("label", new String[] {"a", "b", "c", "a", "b", "c"});
        TrainingSet set = TrainingSet.of(Task.CLASSIFICATION, encoded, labels);
        assertThat(set.train(Algorithm.LOGISTIC_REGRESSION, Map.of(), 42, 1, set.allRows())).isInstanceOf(FittedModel.Tribuo.class);
    }

    @Test
    void refusesParametersItCannotTrainWith() {
        Frame encoded = new Frame(List.of(Column.Numbers.ofDoubles("x", new double[] {-1, 1})));
        TrainingSet set = TrainingSet.of(Task.CLASSIFICATION, encoded, new Column.Strings("label", new String[] {"a", "b"}));
        assertThatThrownBy(() -> set.train(Algorithm.LOGISTIC_REGRESSION, Map.of("epochs", 0), 42, 1, set.allRows()))
                .isInstanceOf(CairnException.class).hasMessage("logistic_regression parameter 'epochs' must be at least 1, not 0");
        assertThatThrownBy(() -> set.train(Algorithm.LOGISTIC_REGRESSION, Map.of("learning_rate", -0.1), 42, 1, set.allRows()))
                .isInstanceOf(CairnException.class)
                .hasMessage("logistic_regression parameter 'learning_rate' must be a positive number, not -0.1");
        assertThatThrownBy(() -> set.train(Algorithm.LOGISTIC_REGRESSION, Map.of("learning_rate", 0), 42, 1, set.allRows()))
                .isInstanceOf(CairnException.class).hasMessageContaining("'learning_rate' must be a positive number");
        assertThatThrownBy(() -> set.train(Algorithm.LOGISTIC_REGRESSION, Map.of("minibatch_size", 0), 42, 1, set.allRows()))
                .isInstanceOf(CairnException.class).hasMessage("logistic_regression parameter 'minibatch_size' must be at least 1, not 0");
        assertThatThrownBy(() -> set.train(Algorithm.LOGISTIC_REGRESSION, Map.of("epochs", 2.5), 42, 1, set.allRows()))
                .isInstanceOf(CairnException.class).hasMessageContaining("must be a whole number");
    }
}
