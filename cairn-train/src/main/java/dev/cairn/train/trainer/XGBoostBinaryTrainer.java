package dev.cairn.train.trainer;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.model.xgboost.BinaryBooster;
import dev.cairn.model.xgboost.SparseRows;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a two-class XGBoost model with {@code binary:logistic} through xgboost4j: one tree per
 * round on a matrix built straight from the encoded columns, where Tribuo's trainer builds an
 * example per row and asks for {@code multi:softprob} with two trees per round.
 *
 * @param params the resolved {@link Algorithm#XGBOOST_CLASSIFIER} parameters
 * @param seed the random seed (used when subsampling rows or columns)
 * @param threads threads XGBoost may use
 */
public record XGBoostBinaryTrainer(Map<String, Object> params, long seed, int threads) {
    public XGBoostBinaryTrainer {
        params = Map.copyOf(params);
    }

    /**
     * Trains on the given rows.
     *
     * @param labels 1 for the second class, 0 for the first, per row of {@code rows}
     * @param classes the two classes
     */
    public BinaryBooster train(SparseRows rows, float[] labels, List<String> classes) {
        try {
            DMatrix matrix = rows.toDMatrix();
            try {
                matrix.setLabel(labels);
                Booster booster = XGBoost.train(matrix, boosterParams(), Algorithm.whole(params, "trees"), Map.of(), null, null);
                return new BinaryBooster(booster, classes);
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "XGBoost training failed: " + e.getMessage(), e);
        }
    }

    /** The parameters as XGBoost names them, which is also how its Python package takes them. */
    public Map<String, Object> boosterParams() {
        Map<String, Object> booster = new HashMap<>();
        booster.put("objective", "binary:logistic");
        booster.put("booster", "gbtree");
        booster.put("eta", Algorithm.real(params, "eta"));
        booster.put("gamma", Algorithm.real(params, "gamma"));
        booster.put("max_depth", Algorithm.whole(params, "max_depth"));
        booster.put("min_child_weight", Algorithm.real(params, "min_child_weight"));
        booster.put("subsample", Algorithm.real(params, "subsample"));
        booster.put("colsample_bytree", Algorithm.real(params, "colsample"));
        booster.put("lambda", Algorithm.real(params, "lambda"));
        booster.put("alpha", Algorithm.real(params, "alpha"));
        booster.put("tree_method", params.get("tree_method"));
        booster.put("nthread", threads);
        booster.put("seed", seed);
        booster.put("verbosity", 0);
        return booster;
    }
}
