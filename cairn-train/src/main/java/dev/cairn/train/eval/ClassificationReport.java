package dev.cairn.train.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A classifier's metrics on a set of rows.
 *
 * @param metrics by {@link MetricName#key()}
 * @param confusion {@code confusion.get(actual).get(predicted)} is a count of rows
 */
public record ClassificationReport(int rows, Map<String, Double> metrics, Map<String, Map<String, Long>> confusion) {
    public ClassificationReport {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        confusion = Collections.unmodifiableMap(new LinkedHashMap<>(confusion));
    }
}
