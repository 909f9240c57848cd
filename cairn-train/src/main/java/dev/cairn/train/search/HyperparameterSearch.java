package dev.cairn.train.search;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.train.eval.MetricName;
import dev.cairn.train.eval.Metrics;
import dev.cairn.train.eval.Predictions;
import dev.cairn.train.trainer.Algorithm;
import dev.cairn.train.trainer.FittedModel;
import dev.cairn.train.trainer.Task;
import dev.cairn.train.trainer.TrainingSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Tries each candidate parameter set of an algorithm with k-fold cross-validation, running up to
 * {@code parallelism} trials at once, never more than there are cores (XGBoost gets the remaining
 * cores per trial), and reports each trial as it finishes.
 *
 * @param positiveClass the class precision, recall, F1 and AUC are about, for two classes
 */
public record HyperparameterSearch(Algorithm algorithm, int folds, MetricName metric, String positiveClass, long seed,
                                   int parallelism) {
    public HyperparameterSearch {
        if (parallelism < 1) {
            throw CairnException.invalidParameter("parallelism must be at least 1");
        }
    }

    /**
     * Runs every candidate on the given rows of the training set and returns the results in
     * candidate order; {@code onTrial} hears of each result as it comes (from a worker thread,
     * one at a time).
     */
    public List<TrialResult> run(TrainingSet data, int[] rows, List<? extends Map<String, ?>> candidates, Consumer<TrialResult> onTrial) {
        List<Folds.Fold> splits = Folds.of(rows, folds, seed);
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = Math.min(Math.min(parallelism, candidates.size()), cores);
        int threadsPerTrial = Math.max(1, cores / workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "cairn-trial");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<TrialResult>> futures = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                int index = i;
                Map<String, Object> params = algorithm.resolve(candidates.get(i));
                futures.add(pool.submit(() -> {
                    TrialResult result = trial(data, splits, index, params, threadsPerTrial);
                    synchronized (onTrial) {
                        onTrial.accept(result);
                    }
                    return result;
                }));
            }
            List<TrialResult> results = new ArrayList<>();
            for (Future<TrialResult> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CairnException cairn) {
                throw cairn;
            }
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "A " + algorithm.specName() + " trial failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "The search was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The best trial by the metric. */
    public TrialResult best(List<TrialResult> results) {
        Comparator<TrialResult> byMean = Comparator.comparingDouble(TrialResult::mean);
        return results.stream().filter(r -> !Double.isNaN(r.mean()))
                .max(metric.higherIsBetter() ? byMean : byMean.reversed())
                .orElseThrow(() -> CairnException.invalidParameter("No " + algorithm.specName() + " trial produced a " + metric.key()));
    }

    private TrialResult trial(TrainingSet data, List<Folds.Fold> splits, int index, Map<String, Object> params, int threads) {
        long start = System.nanoTime();
        double[] scores = new double[splits.size()];
        List<String> classes = data.classes();
        for (int f = 0; f < splits.size(); f++) {
            Folds.Fold fold = splits.get(f);
            FittedModel model = data.train(algorithm, params, seed, threads, fold.train());
            try {
                scores[f] = score(data, data.predict(model, classes, fold.validation()), fold.validation());
            } finally {
                model.dispose();
            }
        }
        double mean = Arrays.stream(scores).average().orElse(Double.NaN);
        double variance = Arrays.stream(scores).map(s -> (s - mean) * (s - mean)).sum() / scores.length;
        return new TrialResult(index, params, metric.key(), mean, Math.sqrt(variance), scores, (System.nanoTime() - start) / 1_000_000);
    }

    private double score(TrainingSet data, Predictions predictions, int[] rows) {
        if (data.task() == Task.CLASSIFICATION) {
            String[] truth = new String[rows.length];
            for (int i = 0; i < rows.length; i++) {
                truth[i] = data.labels()[rows[i]];
            }
            return valueOf(Metrics.classification(truth, (Predictions.Classes) predictions, positiveClass).metrics());
        }
        double[] truth = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            truth[i] = data.targets()[rows[i]];
        }
        return valueOf(Metrics.regression(truth, ((Predictions.Numbers) predictions).values()));
    }

    private double valueOf(Map<String, Double> metrics) {
        Double value = metrics.get(metric.key());
        if (value == null) {
            throw CairnException.invalidParameter("The metric " + metric.key() + " does not apply to " + algorithm.task().name().toLowerCase()
                    + "; choose one of " + metrics.keySet());
        }
        return value;
    }
}
