package dev.cairn.core.tracking;

import static java.util.Objects.requireNonNull;

/** A run's input parameter. Once logged, its value may not change. */
public record Param(String key, String value) {
    public Param {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }
}
