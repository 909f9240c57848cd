package dev.cairn.model.signature;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cairn.model.frame.ColumnType;

import static java.util.Objects.requireNonNull;

/** A named, typed column of a model's signature. */
public record ColumnSpec(String name, ColumnType type, boolean nullable) {
    public ColumnSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }

    /** Reads {@code {name, type, nullable}} from {@code cairn-model.yaml}. */
    @JsonCreator
    static ColumnSpec fromYaml(@JsonProperty("name") String name, @JsonProperty("type") String type,
                               @JsonProperty("nullable") Boolean nullable) {
        return new ColumnSpec(name, ColumnType.parse(type), Boolean.TRUE.equals(nullable));
    }

    /** The type as written in {@code cairn-model.yaml}. */
    @JsonProperty("type")
    String typeName() {
        return type.wireName();
    }
}
