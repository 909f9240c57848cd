package dev.cairn.train;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.split.SplitRule;
import dev.cairn.train.spec.TrainSpec;
import dev.cairn.train.spec.TrainingRecord;
import dev.cairn.train.trainer.Algorithm;
import dev.cairn.train.trainer.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainSpecTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "flights", "train.yaml");

    @TempDir
    Path dir;

    @Test
    void theFlightsExampleReadsAndRoundTripsThroughItsRecord() throws IOException {
        TrainSpec spec = TrainSpec.read(EXAMPLE);
        assertThat(spec.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(spec.models()).extracting(TrainSpec.ModelSpec::algorithm)
                .containsExactly(Algorithm.LOGISTIC_REGRESSION, Algorithm.XGBOOST_CLASSIFIER);
        assertThat(spec.models().get(0).candidates(spec.seed())).hasSize(4);
        List<Map<String, Object>> xgboost = spec.models().get(1).candidates(spec.seed());
        assertThat(xgboost).hasSize(3).allSatisfy(params -> assertThat(params.get("trees")).isEqualTo(60));
        SplitRule rule = spec.split().rule(spec.seed());
        assertThat(rule.describe("train")).isEqualTo("date >= 2001-01-01 AND date < 2001-02-01");
        assertThat(spec.features().columns()).containsExactly("distance", "hour", "weekday", "origin", "destination");

        Path work = dir.resolve("work");
        TrainingRecord record = TrainingRecord.of(EXAMPLE.toAbsolutePath().getParent(), work, "xgboost_classifier", xgboost.get(0),
                spec.seed(), "test", List.of(new TrainingRecord.DatasetDigest("flights", 1, "ab12")), spec);
        Path file = dir.resolve(TrainingRecord.FILE);
        record.write(file);
        assertThat(Files.readString(file)).as("no absolute path is recorded").doesNotContain(dir.toString())
                .contains("\"spec_dir\"", "\"cairn_version\"");
        TrainingRecord read = TrainingRecord.read(file);
        assertThat(read).isEqualTo(record);
        assertThat(read.specFolder(work)).isEqualTo(EXAMPLE.toAbsolutePath().getParent().normalize());
        assertThat(read.digests()).containsExactly(Map.entry("flights", "ab12"));
        TrainSpec copy = read.spec();
        assertThat(copy).isEqualTo(spec);
        TrainSpec retraining = copy.retraining(Algorithm.XGBOOST_CLASSIFIER, xgboost.get(0));
        assertThat(retraining.models()).singleElement().satisfies(m -> assertThat(m.candidates(1)).containsExactly(xgboost.get(0)));
        assertThat(retraining.register()).isEmpty();
    }

    @Test
    void mistakesAreNamedBeforeAnyWorkStarts() throws IOException {
        String valid = Files.readString(EXAMPLE);
        assertThatThrownBy(() -> read(valid.replace("algorithm: xgboost_classifier", "algorithm: random_forest")))
                .isInstanceOf(CairnException.class).hasMessageContaining("Unknown algorithm 'random_forest'");
        assertThatThrownBy(() -> read(valid.replace("algorithm: xgboost_classifier", "algorithm: xgboost_regressor")))
                .hasMessageContaining("All models must be of one kind");
        assertThatThrownBy(() -> read(valid.replace("max_depth: [4, 6]", "depth: [4, 6]")))
                .hasMessageContaining("no parameter 'depth'");
        assertThatThrownBy(() -> read(valid.replace("metric: roc_auc\n  sample_rows", "metric: rmse\n  sample_rows")))
                .hasMessageContaining("tuning.metric rmse does not apply to classification");
        assertThatThrownBy(() -> read(valid.replace("target: late", "target: distance")))
                .hasMessageContaining("The target 'distance' cannot also be a feature");
        assertThatThrownBy(() -> read(valid.replace("seed: 42", "seed: 42\nepochs: 3")))
                .hasMessageContaining("epochs");
        assertThatThrownBy(() -> read(valid.replace("      test: {from", "      holdout: {from")))
                .hasMessageContaining("parts named 'train' and 'test'");
        assertThatThrownBy(() -> read(valid.replace("sample_rows: 100000", "sample_rows: 2")))
                .hasMessageContaining("tuning.sample_rows must be at least tuning.folds (3), not 2");
        assertThatThrownBy(() -> read(valid.replace("parallelism: 2", "parallelism: -1")))
                .hasMessageContaining("tuning.parallelism must be at least 1, not -1");
    }

    private TrainSpec read(String yaml) throws IOException {
        return TrainSpec.read(Files.writeString(dir.resolve("train-" + System.nanoTime() + ".yaml"), yaml));
    }
}
