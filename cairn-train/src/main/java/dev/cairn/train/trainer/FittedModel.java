package dev.cairn.train.trainer;

import dev.cairn.model.linear.BinaryLogistic;
import dev.cairn.model.xgboost.BinaryBooster;
import org.tribuo.Model;

import java.util.List;

/**
 * A model trained on a {@link TrainingSet}: a Tribuo model, a two-class XGBoost booster trained
 * by xgboost4j directly (Tribuo would train two trees per round for it), or a two-class logistic
 * regression trained over the CSR arrays ({@link LogisticBinaryTrainer}).
 */
public sealed interface FittedModel permits FittedModel.Tribuo, FittedModel.XGBoostBinary, FittedModel.LogisticBinary {
    /**
     * Frees the model's native memory now, for a model that is scored and thrown away (a
     * cross-validation fold): a booster's native memory is otherwise freed only when the garbage
     * collector finalizes it, and the collector does not see that memory.
     */
    void dispose();

    /**
     * A model Tribuo trained.
     *
     * @param model the model, which knows its own features by name
     */
    record Tribuo(Model<?> model) implements FittedModel {
        @Override
        public void dispose() {
            // Tribuo's models hold no native memory of their own to free early.
        }
    }

    /**
     * A two-class booster.
     *
     * @param booster the trees and the two classes
     * @param features the feature of each matrix column, in column order
     */
    record XGBoostBinary(BinaryBooster booster, List<String> features) implements FittedModel {
        public XGBoostBinary {
            features = List.copyOf(features);
        }

        @Override
        public void dispose() {
            booster.booster().dispose();
        }
    }

    /**
     * A two-class logistic regression, which knows its features in matrix column order.
     *
     * @param model the coefficients, the intercept and the two classes
     */
    record LogisticBinary(BinaryLogistic model) implements FittedModel {
        @Override
        public void dispose() {
            // Plain Java arrays: the collector frees them.
        }
    }
}
