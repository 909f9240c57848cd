package dev.cairn.core.tracking.search;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The right-hand side of a {@link Comparison}: a number, a string, a list of strings, or nothing. */
public sealed interface FilterValue
        permits FilterValue.NumberValue,
                FilterValue.StringValue,
                FilterValue.StringListValue,
                FilterValue.NoValue {

    /**
     * A numeric literal, compared with metrics and numeric attributes.
     *
     * @param value the number, always finite
     */
    record NumberValue(double value) implements FilterValue {
        /** Rejects NaN and infinities, which no literal in a filter can denote. */
        public NumberValue {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("value is not finite: " + value);
            }
        }
    }

    /**
     * A string literal with its quotes removed and doubled quotes collapsed.
     *
     * @param value the string, possibly a LIKE pattern with {@code %} and {@code _}
     */
    record StringValue(String value) implements FilterValue {
        /** Rejects a null string. */
        public StringValue {
            requireNonNull(value, "value is null");
        }
    }

    /**
     * A parenthesized list of string literals, the operand of {@code IN} and {@code NOT IN}.
     *
     * @param values the strings in the order written; never empty
     */
    record StringListValue(List<String> values) implements FilterValue {
        /** Copies the list and rejects an empty one, since {@code IN ()} matches nothing useful. */
        public StringListValue {
            values = List.copyOf(requireNonNull(values, "values is null"));
            if (values.isEmpty()) {
                throw new IllegalArgumentException("values is empty");
            }
        }
    }

    /** The absent operand of {@code IS NULL} and {@code IS NOT NULL}. */
    record NoValue() implements FilterValue {}
}
