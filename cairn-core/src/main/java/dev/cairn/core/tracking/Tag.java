package dev.cairn.core.tracking;

import static java.util.Objects.requireNonNull;

/** A key/value label on an experiment or a run. Tags, unlike params, may be overwritten. */
public record Tag(String key, String value) {
    public Tag {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }
}
