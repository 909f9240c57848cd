package dev.cairn.pipeline.step;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Named numbers a step measured (row counts, failed rules). Its digest is that of its sorted entries. */
public record MetricsOutput(Map<String, Double> values) implements Output {
    public MetricsOutput {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    @Override
    @JsonIgnore
    public String digest() {
        return ContentDigest.of(values.toString());
    }
}
