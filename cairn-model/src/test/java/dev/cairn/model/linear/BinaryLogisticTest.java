package dev.cairn.model.linear;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.xgboost.ClassProbabilities;
import dev.cairn.model.xgboost.SparseRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BinaryLogisticTest {
    @TempDir
    Path dir;

    private final BinaryLogistic model = new BinaryLogistic(List.of("no", "yes"), List.of("a", "b"),
            new double[] {0.1 + 0.2, -1.0 / 3}, Math.PI / 10);

    @Test
    void scoresTheLogisticOfTheLinearScoreWithAbsentEntriesAddingNothing() {
        // Row 0: a = 2, b = 3; row 1: only b = -1.5 (a zero, left out); row 2: a missing (NaN, left out).
        SparseRows rows = SparseRows.of(new double[][] {{2, 0, Double.NaN}, {3, -1.5, 0}}, new int[] {0, 1, 2});
        ClassProbabilities scored = model.predict(rows);
        double[] scores = {Math.PI / 10 + (0.1 + 0.2) * 2 - 1.0 / 3 * 3, Math.PI / 10 + 1.0 / 3 * 1.5, Math.PI / 10};
        for (int r = 0; r < 3; r++) {
            double positive = 1 / (1 + Math.exp(-scores[r]));
            assertThat(scored.byClass()[1][r]).isCloseTo(positive, within(1e-7));
            assertThat(scored.byClass()[0][r]).isEqualTo(1 - scored.byClass()[1][r]);
            assertThat(scored.labels()[r]).isEqualTo(positive > 0.5 ? "yes" : "no");
        }
        assertThat(BinaryLogistic.probability(-800)).isZero();
        assertThat(BinaryLogistic.probability(800)).isEqualTo(1.0);
    }

    @Test
    void aSavedModelLoadsWithTheSameBits() throws Exception {
        model.save(dir.resolve("model.json"));
        BinaryLogistic loaded = BinaryLogistic.load(dir.resolve("model.json"));
        assertThat(loaded.coefficients()).isEqualTo(model.coefficients());
        assertThat(loaded.intercept()).isEqualTo(model.intercept());
        assertThat(loaded.classes()).isEqualTo(model.classes());
        assertThat(loaded.features()).isEqualTo(model.features());
    }

    @Test
    void refusesFilesThatAreNotAModel() throws Exception {
        Files.writeString(dir.resolve("model.json"), "{\"classes\": [\"a\", \"b\", \"c\"], \"features\": [], \"coefficients\": [], \"intercept\": 0}");
        assertThatThrownBy(() -> BinaryLogistic.load(dir.resolve("model.json"))).isInstanceOf(CairnException.class)
                .hasMessageContaining("Cannot load linear model model.json").hasMessageContaining("two classes");
        Files.writeString(dir.resolve("model.json"), "not json");
        assertThatThrownBy(() -> BinaryLogistic.load(dir.resolve("model.json"))).isInstanceOf(CairnException.class)
                .hasMessage("Cannot load linear model model.json: it is not a linear model's JSON");
        assertThatThrownBy(() -> new BinaryLogistic(List.of("a", "b"), List.of("x"), new double[] {Double.NaN}, 0))
                .hasMessageContaining("not a finite number");
        assertThatThrownBy(() -> model.predict(SparseRows.of(new double[][] {{1}}, new int[] {0})))
                .hasMessageContaining("rows of 1 columns for a model of 2 features");
    }
}
