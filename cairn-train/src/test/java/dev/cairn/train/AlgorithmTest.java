package dev.cairn.train;

import dev.cairn.core.error.CairnException;
import dev.cairn.train.trainer.Algorithm;
import dev.cairn.train.trainer.XGBoostBinaryTrainer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlgorithmTest {
    @Test
    void xgboostTakesATreeMethodByNameAndHistByDefault() {
        assertThat(Algorithm.XGBOOST_CLASSIFIER.resolve(Map.of())).containsEntry("tree_method", "hist");
        Map<String, Object> exact = Algorithm.XGBOOST_CLASSIFIER.resolve(Map.of("tree_method", "exact", "trees", 10.0));
        assertThat(exact).containsEntry("tree_method", "exact").containsEntry("trees", 10);
        assertThat(new XGBoostBinaryTrainer(exact, 3, 2).boosterParams())
                .containsEntry("tree_method", "exact").containsEntry("objective", "binary:logistic").containsEntry("nthread", 2);
        // The Tribuo trainers (more than two classes, regression) take it too.
        assertThat(Algorithm.XGBOOST_REGRESSOR.trainer(Map.of("tree_method", "approx"), 1, 1)).isNotNull();
    }

    @Test
    void refusesUnknownTreeMethodsAndWordsForNumbers() {
        assertThatThrownBy(() -> Algorithm.XGBOOST_CLASSIFIER.resolve(Map.of("tree_method", "gpu_hist")))
                .isInstanceOf(CairnException.class).hasMessageContaining("must be one of [auto, exact, approx, hist]");
        assertThatThrownBy(() -> Algorithm.XGBOOST_CLASSIFIER.resolve(Map.of("tree_method", 1)))
                .isInstanceOf(CairnException.class).hasMessageContaining("must be one of");
        assertThatThrownBy(() -> Algorithm.XGBOOST_CLASSIFIER.resolve(Map.of("eta", "hist")))
                .isInstanceOf(CairnException.class).hasMessageContaining("must be a number");
        assertThatThrownBy(() -> Algorithm.LOGISTIC_REGRESSION.resolve(Map.of("tree_method", "hist")))
                .isInstanceOf(CairnException.class).hasMessageContaining("has no parameter 'tree_method'");
    }
}
