package dev.cairn.pipeline.step;

import static java.util.Objects.requireNonNull;

/** A parameter a step type declares: its name, its type, and whether a spec must give it. */
public record ParamSpec(String name, ParamType type, boolean required) {
    public ParamSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }

    /** A parameter a spec must give. */
    public static ParamSpec required(String name, ParamType type) {
        return new ParamSpec(name, type, true);
    }

    /** A parameter a spec may leave out. */
    public static ParamSpec optional(String name, ParamType type) {
        return new ParamSpec(name, type, false);
    }
}
