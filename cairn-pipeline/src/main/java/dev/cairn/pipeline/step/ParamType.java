package dev.cairn.pipeline.step;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/** The type of a step parameter, checked against the YAML before anything runs. */
public enum ParamType {
    STRING, INTEGER, NUMBER, BOOLEAN, OBJECT, LIST,
    /**
     * A path relative to the pipeline file. The cache key holds the file's content digest, not
     * its path, so editing the file reruns the step.
     */
    FILE;

    /** Whether a YAML value has this type. */
    public boolean accepts(JsonNode value) {
        return switch (this) {
            case STRING, FILE -> value.isTextual();
            case INTEGER -> value.isIntegralNumber();
            case NUMBER -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
            case OBJECT -> value.isObject();
            case LIST -> value.isArray();
        };
    }

    /** The type as a spec author writes about it. */
    public String describe() {
        return name().toLowerCase(Locale.ROOT);
    }
}
