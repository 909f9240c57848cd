package dev.cairn.train.trainer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cairn.core.error.CairnException;
import org.tribuo.Trainer;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer.BoosterType;
import org.tribuo.common.xgboost.XGBoostTrainer.LoggingVerbosity;
import org.tribuo.common.xgboost.XGBoostTrainer.TreeMethod;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model families Cairn trains, each with named hyperparameters and defaults: numbers, or for
 * XGBoost's {@code tree_method} one of XGBoost's names. Unknown parameter names are refused, so a
 * typo in a spec does not silently train the default. Two-class XGBoost is trained by xgboost4j
 * directly ({@link XGBoostBinaryTrainer}), two-class logistic regression by
 * {@link LogisticBinaryTrainer}; everything else by Tribuo.
 */
public enum Algorithm {
    /** Logistic regression by SGD with AdaGrad: binary for two classes, multinomial (Tribuo) for more. */
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

    /** XGBoost's tree methods Cairn offers (GPU ones need a GPU build of XGBoost). */
    public static final List<String> TREE_METHODS = List.of("auto", "exact", "approx", "hist");

    private final Task task;
    private final Map<String, Object> defaults;

    Algorithm(Task task, Map<String, Object> defaults) {
        this.task = task;
        this.defaults = new TreeMap<>(defaults);
    }

    private static Map<String, Object> xgboostDefaults() {
        // hist: 2.5 to 3 times faster than exact on the flights data, test AUC 0.0013 lower (docs/benchmarks.md, issue 16).
        return Map.of("trees", 100, "eta", 0.3, "max_depth", 6, "min_child_weight", 1.0, "subsample", 1.0,
                "colsample", 1.0, "gamma", 0.0, "lambda", 1.0, "alpha", 0.0, "tree_method", "hist");
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
    public Map<String, Object> defaults() {
        return defaults;
    }

    /**
     * The full parameter set: the defaults overridden by {@code params}, with every value checked
     * to be a number of the right kind (or, for {@code tree_method}, one of {@link #TREE_METHODS}); sorted by name, so that logs
     * and records read the same every time.
     */
    public Map<String, Object> resolve(Map<String, ?> params) {
        Map<String, Object> resolved = new TreeMap<>(defaults);
        for (Map.Entry<String, ?> entry : params.entrySet()) {
            Object fallback = defaults.get(entry.getKey());
            if (fallback == null) {
                throw CairnException.invalidParameter(specName() + " has no parameter '" + entry.getKey() + "'; its parameters are "
                        + defaults.keySet());
            }
            resolved.put(entry.getKey(), fallback instanceof String ? treeMethod(entry.getValue()) : number(entry.getKey(), entry.getValue(),
                    fallback instanceof Integer));
        }
        return resolved;
    }

    private String treeMethod(Object value) {
        if (!TREE_METHODS.contains(value)) {
            throw CairnException.invalidParameter(specName() + " parameter 'tree_method' must be one of " + TREE_METHODS + ", not '" + value + "'");
        }
        return (String) value;
    }

    private Number number(String name, Object value, boolean whole) {
        if (!(value instanceof Number number)) {
            throw CairnException.invalidParameter(specName() + " parameter '" + name + "' must be a number, not '" + value + "'");
        }
        if (whole && number.doubleValue() != Math.rint(number.doubleValue())) {
            throw CairnException.invalidParameter(specName() + " parameter '" + name + "' must be a whole number, not " + number);
        }
        return whole ? (Number) number.intValue() : (Number) number.doubleValue();
    }

    /**
     * A Tribuo trainer with these parameters.
     *
     * @param threads threads XGBoost may use (the SGD trainers use one)
     */
    public Trainer<?> trainer(Map<String, ?> params, long seed, int threads) {
        Map<String, Object> p = resolve(params);
        return switch (this) {
            case LOGISTIC_REGRESSION -> new org.tribuo.classification.sgd.linear.LinearSGDTrainer(new LogMulticlass(),
                    new AdaGrad(real(p, "learning_rate")), whole(p, "epochs"), Integer.MAX_VALUE, whole(p, "minibatch_size"), seed);
            case LINEAR_REGRESSION -> new org.tribuo.regression.sgd.linear.LinearSGDTrainer(new SquaredLoss(),
                    new AdaGrad(real(p, "learning_rate")), whole(p, "epochs"), Integer.MAX_VALUE, whole(p, "minibatch_size"), seed);
            case FACTORIZATION_MACHINE -> new FMClassificationTrainer(new LogMulticlass(), new AdaGrad(real(p, "learning_rate")),
                    whole(p, "epochs"), Integer.MAX_VALUE, whole(p, "minibatch_size"), seed, whole(p, "factors"), real(p, "init_variance"));
            case XGBOOST_CLASSIFIER -> new XGBoostClassificationTrainer(BoosterType.GBTREE, tribuoTreeMethod(p), whole(p, "trees"),
                    real(p, "eta"), real(p, "gamma"), whole(p, "max_depth"), real(p, "min_child_weight"), real(p, "subsample"),
                    real(p, "colsample"), real(p, "lambda"), real(p, "alpha"), threads, LoggingVerbosity.SILENT, seed);
            case XGBOOST_REGRESSOR -> new XGBoostRegressionTrainer(BoosterType.GBTREE, tribuoTreeMethod(p),
                    XGBoostRegressionTrainer.RegressionType.LINEAR, whole(p, "trees"), real(p, "eta"), real(p, "gamma"),
                    whole(p, "max_depth"), real(p, "min_child_weight"), real(p, "subsample"), real(p, "colsample"), real(p, "lambda"),
                    real(p, "alpha"), threads, LoggingVerbosity.SILENT, seed);
        };
    }

    /** A resolved whole-number parameter. */
    static int whole(Map<String, Object> resolved, String name) {
        return ((Number) resolved.get(name)).intValue();
    }

    /** A resolved real-number parameter. */
    static double real(Map<String, Object> resolved, String name) {
        return ((Number) resolved.get(name)).doubleValue();
    }

    private static TreeMethod tribuoTreeMethod(Map<String, Object> resolved) {
        return TreeMethod.valueOf(((String) resolved.get("tree_method")).toUpperCase(Locale.ROOT));
    }

    /** The parameter names, for messages. */
    public List<String> parameterNames() {
        return List.copyOf(defaults.keySet());
    }
}
