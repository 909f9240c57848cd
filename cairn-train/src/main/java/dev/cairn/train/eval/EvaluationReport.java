package dev.cairn.train.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A model's evaluation on a test set: the metrics over all rows, the confusion matrix for a
 * classifier, and the same metrics per slice (per value of chosen columns).
 *
 * @param slices {@code slices.get(column).get(value)} are the metrics of the rows with that value
 */
public record EvaluationReport(int rows, Map<String, Double> metrics, Optional<Map<String, Map<String, Long>>> confusion,
                               Map<String, Map<String, SliceMetrics>> slices) {
    private static final Pattern UNSAFE_KEY = Pattern.compile("[^A-Za-z0-9_\\-. /]");

    public EvaluationReport {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        slices = Collections.unmodifiableMap(new LinkedHashMap<>(slices));
    }

    /** The metrics of one slice. */
    public record SliceMetrics(int rows, Map<String, Double> metrics) {
        public SliceMetrics {
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }
    }

    /**
     * Every metric as a tracking key and value: {@code <prefix><metric>} overall and
     * {@code <prefix>slice/<column>/<value>/<metric>} per slice, with characters MLflow does not
     * allow in keys replaced by {@code _}. NaN values (a slice with one class has no AUC) are left out.
     */
    public Map<String, Double> flatten(String prefix) {
        Map<String, Double> flat = new LinkedHashMap<>();
        metrics.forEach((key, value) -> putFinite(flat, prefix + key, value));
        slices.forEach((column, byValue) -> byValue.forEach((value, slice) -> slice.metrics().forEach((key, metric) ->
                putFinite(flat, prefix + "slice/" + safe(column) + "/" + safe(value) + "/" + key, metric))));
        return flat;
    }

    private static void putFinite(Map<String, Double> flat, String key, double value) {
        if (Double.isFinite(value)) {
            flat.put(key, value);
        }
    }

    private static String safe(String text) {
        String cleaned = UNSAFE_KEY.matcher(text.isEmpty() ? "(empty)" : text).replaceAll("_");
        return cleaned.length() > 60 ? cleaned.substring(0, 60) : cleaned;
    }
}
