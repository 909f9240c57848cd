package dev.cairn.train.search;

import java.util.Map;

/**
 * One search trial: its parameters (with defaults filled in) and the cross-validated metric.
 *
 * @param index the trial's position among the candidates, from 0
 * @param foldScores the metric on each validation fold
 */
public record TrialResult(int index, Map<String, Number> params, String metric, double mean, double std, double[] foldScores,
                          long millis) {
    public TrialResult {
        params = Map.copyOf(params);
        foldScores = foldScores.clone();
    }
}
