package dev.cairn.model.frame;

import dev.cairn.core.error.CairnException;

import java.util.Arrays;
import java.util.Locale;

/** The types a model's input and output columns can have. */
public enum ColumnType {
    /** Whole numbers (64-bit). */
    LONG,
    /** Floating-point numbers (64-bit). */
    DOUBLE,
    /** Text. */
    STRING;

    /** True for the numeric types. */
    public boolean isNumeric() {
        return this != STRING;
    }

    /** The lower-case name used in {@code cairn-model.yaml}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a type name ({@code double}, {@code long}, {@code string}; {@code float}/{@code int} widen). */
    public static ColumnType parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "double", "float" -> DOUBLE;
            case "long", "int", "integer" -> LONG;
            case "string" -> STRING;
            default -> throw CairnException.invalidParameter("Unknown column type '" + name + "'; expected one of "
                    + Arrays.stream(values()).map(ColumnType::wireName).toList());
        };
    }
}
