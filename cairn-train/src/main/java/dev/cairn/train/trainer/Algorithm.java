package dev.cairn.train.trainer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cairn.core.error.CairnException;
import org.tribuo.Trainer;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

import java.util.Arrays;
import java.util.TreeMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model families Cairn trains, each a Tribuo trainer with named hyperparameters and defaults.
 * Unknown parameter names are refused, so a typo in a spec does not silently train the default.
 */
public enum Algorithm {
    /** Logistic regression by SGD with AdaGrad (multinomial: works for two or more classes). */
    LOGISTIC_REGRESSION(Task.CLASSIFICATION, Map.of("epochs", 5, "learning_rate", 0.1, "minibatch_size", 1)),
    /** Linear regression by SGD with AdaGrad on squared loss. */
    LINEAR_REGRESSION(Task.REGRESSION, Map.of("epochs", 5, "learning_rate", 0.1, "minibatch_size", 1)),
    /** Factorization machine: a linear model plus pairwise feature interactions of low rank. */
    FACTORIZATION_MACHINE(Task.CLASSIFICATION, Map.of("epochs", 5, "learning_rate", 0.1, "minibatch_size", 1,
            "factors", 8, "init_variance", 0.1)),
    /** Gradient-boosted trees for classes. */
    XGBOOST_CLASSIFIER(Task.CLASSIFICATION, xgboostDefaults()),
    /** Gradient-boosted trees for numbers. */
    XGBOOST_REGRESSOR(Task.REGRESSION, xgboostDefaults());

    private final Task task;
    private final Map<String, Number> defaults;

    Algorithm(Task task, Map<String, Number> defaults) {
        this.task = task;
        this.defaults = new TreeMap<>(defaults);
    }

    private static Map<String, Number> xgboostDefaults() {
        return Map.of("trees", 100, "eta", 0.3, "max_depth", 6, "min_child_weight", 1.0, "subsample", 1.0,
                "colsample", 1.0, "gamma", 0.0, "lambda", 1.0, "alpha", 0.0);
    }

    /** The spec name: {@code logistic_regression}, {@code xgboost_classifier}, ... */
    @JsonValue
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a spec name. */
    @JsonCreator
    public static Algorithm parse(String name) {
        for (Algorithm algorithm : values()) {
            if (algorithm.specName().equals(name)) {
                return algorithm;
            }
        }
        throw CairnException.invalidParameter("Unknown algorithm '" + name + "'; known: "
                + Arrays.stream(values()).map(Algorithm::specName).toList());
    }

    /** Classification or regression. */
    public Task task() {
        return task;
    }

    /** The hyperparameters and their defaults, by name. */
    public Map<String, Number> defaults() {
        return defaults;
    }

    /**
     * The full parameter set: the defaults overridden by {@code params}, with every value checked
     * to be a number of the right kind; sorted by name, so that logs and records read the same every time.
     */
    public Map<String, Number> resolve(Map<String, ?> params) {
        Map<String, Number> resolved = new TreeMap<>(defaults);
        for (Map.Entry<String, ?> entry : params.entrySet()) {
            Number fallback = defaults.get(entry.getKey());
            if (fallback == null) {
                throw CairnException.invalidParameter(specName() + " has no parameter '" + entry.getKey() + "'; its parameters are "
                        + defaults.keySet());
            }
            if (!(entry.getValue() instanceof Number number)) {
                throw CairnException.invalidParameter(specName() + " parameter '" + entry.getKey() + "' must be a number, not '"
                        + entry.getValue() + "'");
            }
            boolean whole = fallback instanceof Integer;
            if (whole && number.doubleValue() != Math.rint(number.doubleValue())) {
                throw CairnException.invalidParameter(specName() + " parameter '" + entry.getKey() + "' must be a whole number, not " + number);
            }
            resolved.put(entry.getKey(), whole ? (Number) number.intValue() : (Number) number.doubleValue());
        }
        return resolved;
    }

    /**
     * A Tribuo trainer with these parameters.
     *
     * @param threads threads XGBoost may use (the SGD trainers use one)
     */
    public Trainer<?> trainer(Map<String, ?> params, long seed, int threads) {
        Map<String, Number> p = resolve(params);
        return switch (this) {
            case LOGISTIC_REGRESSION -> new org.tribuo.classification.sgd.linear.LinearSGDTrainer(new LogMulticlass(),
                    new AdaGrad(p.get("learning_rate").doubleValue()), p.get("epochs").intValue(), Integer.MAX_VALUE,
                    p.get("minibatch_size").intValue(), seed);
            case LINEAR_REGRESSION -> new org.tribuo.regression.sgd.linear.LinearSGDTrainer(new SquaredLoss(),
                    new AdaGrad(p.get("learning_rate").doubleValue()), p.get("epochs").intValue(), Integer.MAX_VALUE,
                    p.get("minibatch_size").intValue(), seed);
            case FACTORIZATION_MACHINE -> new FMClassificationTrainer(new LogMulticlass(),
                    new AdaGrad(p.get("learning_rate").doubleValue()), p.get("epochs").intValue(), Integer.MAX_VALUE,
                    p.get("minibatch_size").intValue(), seed, p.get("factors").intValue(), p.get("init_variance").doubleValue());
            case XGBOOST_CLASSIFIER -> new XGBoostClassificationTrainer(p.get("trees").intValue(), p.get("eta").doubleValue(),
                    p.get("gamma").doubleValue(), p.get("max_depth").intValue(), p.get("min_child_weight").doubleValue(),
                    p.get("subsample").doubleValue(), p.get("colsample").doubleValue(), p.get("lambda").doubleValue(),
                    p.get("alpha").doubleValue(), threads, true, seed);
            case XGBOOST_REGRESSOR -> new XGBoostRegressionTrainer(XGBoostRegressionTrainer.RegressionType.LINEAR,
                    p.get("trees").intValue(), p.get("eta").doubleValue(), p.get("gamma").doubleValue(), p.get("max_depth").intValue(),
                    p.get("min_child_weight").doubleValue(), p.get("subsample").doubleValue(), p.get("colsample").doubleValue(),
                    p.get("lambda").doubleValue(), p.get("alpha").doubleValue(), threads, true, seed);
        };
    }

    /** The parameter names, for messages. */
    public List<String> parameterNames() {
        return List.copyOf(defaults.keySet());
    }
}
