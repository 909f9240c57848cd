package dev.cairn.train;

import dev.cairn.data.file.TableFile;
import dev.cairn.data.split.DatasetSplit;
import dev.cairn.data.split.SplitRule;
import dev.cairn.model.encoding.FeatureEncoding;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelFlavor;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.model.testing.BreastCancerModel;
import dev.cairn.train.encode.EncodingSpec;
import dev.cairn.train.eval.Evaluation;
import dev.cairn.train.eval.EvaluationReport;
import dev.cairn.train.eval.Predictions;
import dev.cairn.train.pkg.TrainedModelPackage;
import dev.cairn.train.trainer.Algorithm;
import dev.cairn.train.trainer.FittedModel;
import dev.cairn.train.trainer.Task;
import dev.cairn.train.trainer.TrainingSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every algorithm trained on real data through the declared encoding, written as a package,
 * loaded by its runtime and scored on raw test rows: the served answers must be the trained
 * model's, and good.
 */
class TrainAndServeTest {
    private static final Path DATA = BreastCancerModel.exampleData();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"LOGISTIC_REGRESSION", "FACTORIZATION_MACHINE", "XGBOOST_CLASSIFIER"})
    void classifiersServeRawColumnsAsTrained(Algorithm algorithm) {
        DatasetSplit split = new DatasetSplit(new TableFile(DATA.resolve("penguins.json")),
                new SplitRule.ByRatio(Map.of("train", 0.75, "test", 0.25), 11));
        Frame train = split.read("train");
        Frame test = split.read("test");
        EncodingSpec spec = new EncodingSpec(List.of("Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"),
                "standard", true, List.of("Island", "Sex"), 0, Map.of(), Map.of());
        FeatureEncoding encoding = spec.fit(train);
        TrainingSet trainSet = TrainingSet.of(Task.CLASSIFICATION, encoding.encode(train), train.column("Species").orElseThrow());
        FittedModel model = trainSet.train(algorithm, Map.of(), 42, 1, trainSet.allRows());

        ModelPackage written = TrainedModelPackage.write(model, encoding, train, "penguins", dir.resolve("pkg"), Map.of());
        assertThat(written.descriptor().flavor()).isEqualTo(algorithm == Algorithm.XGBOOST_CLASSIFIER ? ModelFlavor.TRIBUO : ModelFlavor.ONNX);
        assertThat(written.descriptor().signature().inputs()).extracting(c -> c.name())
                .containsExactly("Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)", "Island", "Sex");
        ModelPackage read = ModelPackage.read(dir.resolve("pkg"));
        assertThat(read.descriptor().encoding()).isEqualTo(written.descriptor().encoding()).isPresent();
        assertThat(dir.resolve("pkg").resolve(ModelPackage.DESCRIPTOR_FILE)).content().contains("kind: \"numeric\"", "kind: \"one_hot\"");

        TrainingSet testSet = TrainingSet.of(Task.CLASSIFICATION, encoding.encode(test), test.column("Species").orElseThrow());
        Predictions.Classes direct = (Predictions.Classes) testSet.predict(model, read.descriptor().classLabels(), testSet.allRows());
        try (LoadedModel served = LoadedModel.load(read, 1)) {
            assertThat(served.scoreInputExample().rowCount()).isEqualTo(TrainedModelPackage.EXAMPLE_ROWS);
            Frame output = served.predict(test.select(read.descriptor().signature().inputs().stream().map(c -> c.name()).toList()));
            Predictions.Classes viaPackage = (Predictions.Classes) Predictions.fromFrame(output, read.descriptor().classLabels());
            for (int r = 0; r < test.rowCount(); r++) {
                assertThat(viaPackage.labels()[r]).isEqualTo(direct.labels()[r]);
                for (int k = 0; k < direct.classes().size(); k++) {
                    // ONNX graphs compute in float32.
                    assertThat(viaPackage.probabilities()[r][k]).isCloseTo(direct.probabilities()[r][k], within(1e-5));
                }
            }
            EvaluationReport report = new Evaluation(Task.CLASSIFICATION, "Adelie", List.of(test.column("Island").orElseThrow()), 10)
                    .evaluate(test.column("Species").orElseThrow(), viaPackage);
            assertThat(report.metrics().get("accuracy")).isGreaterThan(0.9);
            assertThat(report.metrics().get("roc_auc")).isGreaterThan(0.95);
            assertThat(report.slices().get("Island")).containsOnlyKeys("Biscoe", "Dream", "Torgersen");
            assertThat(report.flatten("test_")).containsKeys("test_accuracy", "test_slice/Island/Biscoe/accuracy");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"LOGISTIC_REGRESSION", "XGBOOST_CLASSIFIER"})
    void twoClassModelsAreServedExactlyAsTrained(Algorithm algorithm) {
        Frame penguins = twoSpecies();
        Frame train = penguins.rows(IntStream.range(0, penguins.rowCount()).filter(r -> r % 4 != 0).toArray());
        Frame test = penguins.rows(IntStream.range(0, penguins.rowCount()).filter(r -> r % 4 == 0).toArray());
        EncodingSpec spec = new EncodingSpec(List.of("Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"),
                "standard", true, List.of("Island", "Sex"), 0, Map.of(), Map.of());
        FeatureEncoding encoding = spec.fit(train);
        TrainingSet trainSet = TrainingSet.of(Task.CLASSIFICATION, encoding.encode(train), train.column("Species").orElseThrow());
        boolean booster = algorithm == Algorithm.XGBOOST_CLASSIFIER;
        FittedModel model = trainSet.train(algorithm, booster ? Map.of("trees", 20) : Map.of("epochs", 20), 42, 2, trainSet.allRows());
        assertThat(model).isInstanceOf(booster ? FittedModel.XGBoostBinary.class : FittedModel.LogisticBinary.class);

        ModelPackage written = TrainedModelPackage.write(model, encoding, train, "penguins", dir.resolve("pkg"), Map.of());
        assertThat(written.descriptor().flavor()).isEqualTo(booster ? ModelFlavor.XGBOOST : ModelFlavor.LINEAR);
        assertThat(dir.resolve("pkg").resolve(booster ? "model.ubj" : "model.json")).isNotEmptyFile();
        ModelPackage read = ModelPackage.read(dir.resolve("pkg"));
        assertThat(read.descriptor().classLabels()).containsExactly("Adelie", "Chinstrap");
        assertThat(read.descriptor().metadata()).containsEntry("trainer",
                booster ? "xgboost4j binary:logistic" : "cairn binary logistic regression (SGD, AdaGrad)");
        assertThat(read.descriptor().encoding().orElseThrow().features()).isEqualTo(encoding.features());

        TrainingSet testSet = TrainingSet.of(Task.CLASSIFICATION, encoding.encode(test), test.column("Species").orElseThrow());
        Predictions.Classes direct = (Predictions.Classes) testSet.predict(model, read.descriptor().classLabels(), testSet.allRows());
        try (LoadedModel served = LoadedModel.load(read, 1)) {
            assertThat(served.scoreInputExample().rowCount()).isEqualTo(TrainedModelPackage.EXAMPLE_ROWS);
            Frame output = served.predict(test.select(read.descriptor().signature().inputs().stream().map(c -> c.name()).toList()));
            Predictions.Classes viaPackage = (Predictions.Classes) Predictions.fromFrame(output, read.descriptor().classLabels());
            // The same scores from the same trees or coefficients, read back exactly: equal, not close.
            assertThat(viaPackage.labels()).containsExactly(direct.labels());
            assertThat(viaPackage.probabilities()).isDeepEqualTo(direct.probabilities());
            EvaluationReport report = new Evaluation(Task.CLASSIFICATION, "Chinstrap", List.of(), 10)
                    .evaluate(test.column("Species").orElseThrow(), viaPackage);
            assertThat(report.metrics().get("accuracy")).isGreaterThan(0.9);
            assertThat(report.metrics().get("roc_auc")).isGreaterThan(0.95);

            // Scoring threads at once, as a deployment's: each row's answer is still exactly the one it gets alone.
            Frame inputs = test.select(read.descriptor().signature().inputs().stream().map(c -> c.name()).toList());
            List<CompletableFuture<Frame>> concurrent = new ArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                for (int call = 0; call < 64; call++) {
                    int row = call % inputs.rowCount();
                    concurrent.add(CompletableFuture.supplyAsync(() -> served.predict(inputs.rows(new int[] {row})), threads));
                }
                for (int call = 0; call < concurrent.size(); call++) {
                    int row = call % inputs.rowCount();
                    Predictions.Classes alone = (Predictions.Classes) Predictions.fromFrame(concurrent.get(call).join(),
                            read.descriptor().classLabels());
                    assertThat(alone.labels()[0]).isEqualTo(direct.labels()[row]);
                    assertThat(alone.probabilities()[0]).isEqualTo(direct.probabilities()[row]);
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /** The penguins of the two species that are hard to tell apart. */
    private static Frame twoSpecies() {
        Frame penguins = new TableFile(DATA.resolve("penguins.json")).read();
        Column species = penguins.column("Species").orElseThrow();
        return penguins.rows(IntStream.range(0, penguins.rowCount()).filter(r -> !species.text(r).equals("Gentoo")).toArray());
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"LINEAR_REGRESSION", "XGBOOST_REGRESSOR"})
    void regressorsServeRawColumnsAsTrained(Algorithm algorithm) {
        DatasetSplit split = new DatasetSplit(new TableFile(DATA.resolve("seattle-weather.csv")),
                new SplitRule.ByTime("date", Map.of("train", new SplitRule.TimeRange("2012-01-01", "2015-01-01"),
                        "test", new SplitRule.TimeRange("2015-01-01", "2016-01-01"))));
        Frame train = split.read("train");
        Frame test = split.read("test");
        EncodingSpec spec = new EncodingSpec(List.of("temp_min", "precipitation", "wind"), "standard", false, List.of("weather"), 0,
                Map.of(), Map.of("date", List.of("month", "day_of_year")));
        FeatureEncoding encoding = spec.fit(train);
        TrainingSet trainSet = TrainingSet.of(Task.REGRESSION, encoding.encode(train), train.column("temp_max").orElseThrow());
        Map<String, Object> params = algorithm == Algorithm.LINEAR_REGRESSION ? Map.of("epochs", 20, "learning_rate", 0.5) : Map.of();
        FittedModel model = trainSet.train(algorithm, params, 42, 1, trainSet.allRows());
        ModelPackage written = TrainedModelPackage.write(model, encoding, train, "weather", dir.resolve("pkg"), Map.of());

        TrainingSet testSet = TrainingSet.of(Task.REGRESSION, encoding.encode(test), test.column("temp_max").orElseThrow());
        double[] direct = ((Predictions.Numbers) testSet.predict(model, List.of(), testSet.allRows())).values();
        try (LoadedModel served = LoadedModel.load(ModelPackage.read(written.folder()), 1)) {
            double[] viaPackage = ((Predictions.Numbers) Predictions.fromFrame(served.predict(test.select(encoding.rawInputs().stream().map(c -> c.name()).toList())), List.of())).values();
            for (int r = 0; r < direct.length; r++) {
                assertThat(viaPackage[r]).isCloseTo(direct[r], within(1e-3 + 1e-5 * Math.abs(direct[r])));
            }
            EvaluationReport report = new Evaluation(Task.REGRESSION, "", List.of(), 10)
                    .evaluate(test.column("temp_max").orElseThrow(), new Predictions.Numbers(viaPackage));
            // Linear on raw month and day of year cannot bend with the seasons: 0.67 here, XGBoost 0.8.
            assertThat(report.metrics().get("r2")).isGreaterThan(0.6);
            assertThat(report.metrics().get("rmse")).isLessThan(5.0);
        }
    }

    @Test
    void theSameSeedTrainsTheSameModel() {
        Frame rows = new TableFile(DATA.resolve("penguins.json")).read();
        EncodingSpec spec = new EncodingSpec(List.of("Beak Length (mm)", "Flipper Length (mm)"), "standard", false, List.of("Island"), 0,
                Map.of(), Map.of());
        FeatureEncoding encoding = spec.fit(rows);
        TrainingSet set = TrainingSet.of(Task.CLASSIFICATION, encoding.encode(rows), rows.column("Species").orElseThrow());
        for (Algorithm algorithm : List.of(Algorithm.LOGISTIC_REGRESSION, Algorithm.XGBOOST_CLASSIFIER)) {
            // XGBoost draws random numbers only when it subsamples; all three fits use the same params, and only the seed differs.
            Map<String, Object> params = algorithm.defaults().containsKey("subsample") ? Map.of("subsample", 0.5) : Map.of();
            Predictions.Classes first = (Predictions.Classes) set.predict(set.train(algorithm, params, 7, 2, set.allRows()),
                    set.classes(), set.allRows());
            Predictions.Classes again = (Predictions.Classes) set.predict(set.train(algorithm, params, 7, 2, set.allRows()),
                    set.classes(), set.allRows());
            Predictions.Classes otherSeed = (Predictions.Classes) set.predict(set.train(algorithm, params, 8, 2, set.allRows()),
                    set.classes(), set.allRows());
            assertThat(again.probabilities()).as(algorithm.specName()).isDeepEqualTo(first.probabilities());
            assertThat(otherSeed.probabilities()).as(algorithm.specName()).isNotEqualTo(first.probabilities());
        }
    }
}
