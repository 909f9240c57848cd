package dev.cairn.train.search;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One search trial: its parameters (with defaults filled in) and the cross-validated metric.
 *
 * @param index the trial's position among the candidates, from 0
 * @param foldScores the metric on each validation fold
 */
public record TrialResult(int index, Map<String, Object> params, String metric, double mean, double std, double[] foldScores,
                          long millis) {
    public TrialResult {
        params = Collections.unmodifiableMap(new TreeMap<>(params));
        foldScores = foldScores.clone();
    }
}
