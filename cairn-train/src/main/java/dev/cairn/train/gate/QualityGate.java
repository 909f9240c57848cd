package dev.cairn.train.gate;

import dev.cairn.core.error.CairnException;
import dev.cairn.train.eval.MetricName;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a new model must reach: for each named metric a bound (a minimum where more is better, a
 * maximum where less is), and optionally no more than {@code margin} worse than the current
 * champion on {@code championMetric}, both scored on the same test rows.
 */
public record QualityGate(Map<String, Double> thresholds, Optional<String> championMetric, double margin) {
    public QualityGate {
        thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
        thresholds.keySet().forEach(MetricName::parse);
        championMetric.ifPresent(MetricName::parse);
        if (!(margin >= 0)) {
            throw CairnException.invalidParameter("gate.champion.margin must be >= 0, not " + margin);
        }
    }

    /** Judges a candidate's test metrics, against the champion's on the same rows when there is a champion. */
    public GateVerdict judge(Map<String, Double> candidate, Optional<Map<String, Double>> champion) {
        List<String> checks = new ArrayList<>();
        boolean passed = true;
        for (Map.Entry<String, Double> threshold : thresholds.entrySet()) {
            MetricName metric = MetricName.parse(threshold.getKey());
            double value = candidate.getOrDefault(metric.key(), Double.NaN);
            boolean ok = metric.higherIsBetter() ? value >= threshold.getValue() : value <= threshold.getValue();
            passed &= ok;
            checks.add(String.format("%s %s: %.4f %s %.4f", metric.key(), ok ? "ok" : "FAILED", value,
                    metric.higherIsBetter() ? ">=" : "<=", threshold.getValue()));
        }
        if (championMetric.isPresent()) {
            MetricName metric = MetricName.parse(championMetric.get());
            if (champion.isEmpty()) {
                checks.add("champion: none yet, comparison skipped");
            } else {
                double value = candidate.getOrDefault(metric.key(), Double.NaN);
                double reference = champion.get().getOrDefault(metric.key(), Double.NaN);
                double shortfall = metric.shortfall(value, reference);
                boolean ok = shortfall <= margin;
                passed &= ok;
                checks.add(String.format("champion %s %s: %.4f vs champion %.4f (worse by %.4f, margin %.4f)", metric.key(),
                        ok ? "ok" : "FAILED", value, reference, Math.max(0, shortfall), margin));
            }
        }
        return new GateVerdict(passed, checks);
    }
}
