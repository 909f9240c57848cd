package dev.cairn.train;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.testing.BreastCancerModel;
import dev.cairn.train.encode.EncodingSpec;
import dev.cairn.train.eval.ClassificationReport;
import dev.cairn.train.eval.MetricName;
import dev.cairn.train.eval.Metrics;
import dev.cairn.train.eval.Predictions;
import dev.cairn.train.gate.GateVerdict;
import dev.cairn.train.gate.QualityGate;
import dev.cairn.train.search.Folds;
import dev.cairn.train.search.HyperparameterSearch;
import dev.cairn.train.search.SearchSpace;
import dev.cairn.train.search.TrialResult;
import dev.cairn.train.trainer.Algorithm;
import dev.cairn.train.trainer.Task;
import dev.cairn.train.trainer.TrainingSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MetricsAndSearchTest {
    @Test
    void binaryMetricsMatchHandComputedValues() {
        // Truth and P(yes) for six rows; labels at 0.5. Hand-computed: TP=2 (0.9, 0.6), FP=1 (0.7), FN=1 (0.4), TN=2.
        String[] truth = {"yes", "yes", "no", "yes", "no", "no"};
        double[] p = {0.9, 0.6, 0.7, 0.4, 0.2, 0.1};
        String[] labels = new String[p.length];
        double[][] probabilities = new double[p.length][];
        for (int r = 0; r < p.length; r++) {
            labels[r] = p[r] >= 0.5 ? "yes" : "no";
            probabilities[r] = new double[] {1 - p[r], p[r]};
        }
        ClassificationReport report = Metrics.classification(truth, new Predictions.Classes(List.of("no", "yes"), labels, probabilities), "yes");
        assertThat(report.metrics().get("accuracy")).isCloseTo(4 / 6.0, within(1e-12));
        assertThat(report.metrics().get("precision")).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(report.metrics().get("recall")).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(report.metrics().get("f1")).isCloseTo(2 / 3.0, within(1e-12));
        // Of the 9 (yes, no) pairs, yes scores higher in 7: 0.6 and 0.4 are both below the no at 0.7.
        assertThat(report.metrics().get("roc_auc")).isCloseTo(7 / 9.0, within(1e-12));
        double logLoss = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.3) + Math.log(0.4) + Math.log(0.8) + Math.log(0.9)) / 6;
        assertThat(report.metrics().get("log_loss")).isCloseTo(logLoss, within(1e-12));
        assertThat(report.confusion().get("yes")).containsEntry("yes", 2L).containsEntry("no", 1L);
        assertThat(report.confusion().get("no")).containsEntry("yes", 1L).containsEntry("no", 2L);
    }

    @Test
    void regressionMetricsMatchHandComputedValues() {
        Map<String, Double> metrics = Metrics.regression(new double[] {1, 2, 3, 4}, new double[] {1, 3, 3, 2});
        assertThat(metrics.get("rmse")).isCloseTo(Math.sqrt(5 / 4.0), within(1e-12));
        assertThat(metrics.get("mae")).isCloseTo(3 / 4.0, within(1e-12));
        assertThat(metrics.get("r2")).isCloseTo(1 - 5 / 5.0, within(1e-12));
    }

    @Test
    void gridSearchTriesEveryCombinationAndPicksTheBest() {
        Frame rows = new TableFile(BreastCancerModel.exampleData().resolve("penguins.json")).read();
        EncodingSpec spec = new EncodingSpec(List.of("Beak Length (mm)", "Beak Depth (mm)"), "standard", false, List.of(), 0, Map.of(), Map.of());
        TrainingSet set = TrainingSet.of(Task.CLASSIFICATION, spec.fit(rows).encode(rows), rows.column("Species").orElseThrow());
        SearchSpace grid = SearchSpace.parse(Map.of("grid", Map.of("epochs", List.of(1, 4), "learning_rate", List.of(0.001, 0.5))));
        List<Map<String, Number>> candidates = grid.candidates(1);
        assertThat(candidates).hasSize(4);
        HyperparameterSearch search = new HyperparameterSearch(Algorithm.LOGISTIC_REGRESSION, 3, MetricName.ACCURACY, "Adelie", 5, 2);
        List<TrialResult> heard = Collections.synchronizedList(new ArrayList<>());
        List<TrialResult> results = search.run(set, set.allRows(), candidates, heard::add);
        assertThat(heard).hasSize(4);
        assertThat(results).extracting(TrialResult::index).containsExactly(0, 1, 2, 3);
        assertThat(results).allSatisfy(r -> assertThat(r.foldScores()).hasSize(3));
        TrialResult best = search.best(results);
        assertThat(results).allSatisfy(r -> assertThat(r.mean()).isLessThanOrEqualTo(best.mean()));
        // A tiny learning rate for one epoch barely moves from the start: clearly worse than the best.
        TrialResult slowest = results.stream().filter(r -> r.params().get("epochs").equals(1)
                && r.params().get("learning_rate").equals(0.001)).findFirst().orElseThrow();
        assertThat(best.mean()).isGreaterThan(slowest.mean());
        assertThat(best.mean()).isGreaterThan(0.9);
    }

    @Test
    void aTuningSampleIsSeededSortedAndDistinct() {
        int[] sample = Folds.sample(1000, 100, 7);
        assertThat(sample).hasSize(100).isSorted().doesNotHaveDuplicates();
        assertThat(sample[0]).isNotNegative();
        assertThat(sample[99]).isLessThan(1000);
        assertThat(Folds.sample(1000, 100, 7)).isEqualTo(sample);
        assertThat(Folds.sample(1000, 100, 8)).isNotEqualTo(sample);
        assertThat(Folds.sample(5, 10, 7)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void randomSearchIsReproducibleAndStaysInItsRanges() {
        SearchSpace random = SearchSpace.parse(Map.of("random", Map.of("trials", 20, "params", Map.of(
                "max_depth", List.of(3, 6), "eta", Map.of("min", 0.01, "max", 0.3, "log", true), "trees", Map.of("min", 10, "max", 50)))));
        List<Map<String, Number>> first = random.candidates(9);
        assertThat(random.candidates(9)).isEqualTo(first);
        assertThat(random.candidates(10)).isNotEqualTo(first);
        assertThat(first).allSatisfy(set -> {
            assertThat(set.get("max_depth")).isIn(3, 6);
            assertThat(set.get("eta").doubleValue()).isBetween(0.01, 0.3);
            assertThat(set.get("trees")).isInstanceOf(Integer.class);
            assertThat(set.get("trees").intValue()).isBetween(10, 50);
        });
        assertThatThrownBy(() -> Algorithm.XGBOOST_CLASSIFIER.resolve(Map.of("depth", 3))).isInstanceOf(CairnException.class)
                .hasMessageContaining("has no parameter 'depth'").hasMessageContaining("max_depth");
        assertThatThrownBy(() -> Algorithm.XGBOOST_CLASSIFIER.resolve(Map.of("max_depth", 2.5)))
                .hasMessageContaining("must be a whole number");
        assertThatThrownBy(() -> SearchSpace.parse(Map.of("grid", Map.of("eta", "fast")))).hasMessageContaining("search.grid.eta must be a list");
    }

    @Test
    void theGateChecksThresholdsAndTheChampion() {
        QualityGate gate = new QualityGate(Map.of("roc_auc", 0.7, "log_loss", 0.6), Optional.of("roc_auc"), 0.01);
        GateVerdict first = gate.judge(Map.of("roc_auc", 0.75, "log_loss", 0.5), Optional.empty());
        assertThat(first.passed()).isTrue();
        assertThat(first.checks()).contains("champion: none yet, comparison skipped");

        GateVerdict slightlyWorse = gate.judge(Map.of("roc_auc", 0.745, "log_loss", 0.5), Optional.of(Map.of("roc_auc", 0.75)));
        assertThat(slightlyWorse.passed()).isTrue();

        GateVerdict worse = gate.judge(Map.of("roc_auc", 0.72, "log_loss", 0.65), Optional.of(Map.of("roc_auc", 0.75)));
        assertThat(worse.passed()).isFalse();
        assertThat(worse.checks()).contains("log_loss FAILED: 0.6500 <= 0.6000",
                "champion roc_auc FAILED: 0.7200 vs champion 0.7500 (worse by 0.0300, margin 0.0100)");
        assertThatThrownBy(() -> new QualityGate(Map.of("auc", 0.5), Optional.empty(), 0)).hasMessageContaining("Unknown metric 'auc'");
    }
}
