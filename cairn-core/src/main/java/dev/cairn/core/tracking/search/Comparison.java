package dev.cairn.core.tracking.search;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.tracking.search.FilterValue.NoValue;
import dev.cairn.core.tracking.search.FilterValue.NumberValue;
import dev.cairn.core.tracking.search.FilterValue.StringListValue;
import dev.cairn.core.tracking.search.FilterValue.StringValue;

/**
 * One condition of a search filter, such as {@code metrics.rmse < 0.5}.
 *
 * @param type what the key refers to
 * @param key the metric, param or tag key as written (quotes removed), or for {@link
 *     EntityType#ATTRIBUTE} the canonical attribute name, for example {@code start_time} for
 *     {@code created}
 * @param operator the comparison operator
 * @param value the operand: a {@link NoValue} for {@code IS [NOT] NULL}, a {@link StringListValue}
 *     for {@code [NOT] IN}, and a {@link NumberValue} or {@link StringValue} otherwise
 */
public record Comparison(EntityType type, String key, Operator operator, FilterValue value) {
    /** Rejects nulls, an empty key, and a value whose shape does not fit the operator. */
    public Comparison {
        requireNonNull(type, "type is null");
        requireNonNull(key, "key is null");
        requireNonNull(operator, "operator is null");
        requireNonNull(value, "value is null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key is empty");
        }
        boolean fits = switch (operator) {
            case IS_NULL, IS_NOT_NULL -> value instanceof NoValue;
            case IN, NOT_IN -> value instanceof StringListValue;
            default -> value instanceof NumberValue || value instanceof StringValue;
        };
        if (!fits) {
            throw new IllegalArgumentException(
                    "operator " + operator.symbol() + " cannot take " + value);
        }
    }
}
