package dev.cairn.pipeline.step;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
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
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(values.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
