package dev.cairn.train.trainer;

import dev.cairn.model.xgboost.BinaryBooster;
import org.tribuo.Model;

import java.util.List;

/**
 * A model trained on a {@link TrainingSet}: a Tribuo model, or a two-class XGBoost booster trained
 * by xgboost4j directly (Tribuo would train two trees per round for it).
 */
public sealed interface FittedModel permits FittedModel.Tribuo, FittedModel.XGBoostBinary {
    /**
     * A model Tribuo trained.
     *
     * @param model the model, which knows its own features by name
     */
    record Tribuo(Model<?> model) implements FittedModel {
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
    }
}
