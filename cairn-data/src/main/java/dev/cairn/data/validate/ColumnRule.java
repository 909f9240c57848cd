package dev.cairn.data.validate;

import dev.cairn.core.error.CairnException;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one column must satisfy. Every field is optional; an absent field checks nothing.
 *
 * @param type {@code integer}, {@code number} (integers pass too), {@code string}, {@code boolean} or {@code timestamp} (dates pass too)
 * @param min the smallest allowed value (numbers)
 * @param max the largest allowed value (numbers)
 * @param allowed the only values allowed (compared as text)
 * @param maxNullShare the largest share of missing values, from 0 to 1
 * @param unique true if no value may appear twice
 */
public record ColumnRule(Optional<String> type, Optional<Double> min, Optional<Double> max, List<String> allowed,
                         Optional<Double> maxNullShare, boolean unique) {
    /** The type names a rule can require. */
    public static final Set<String> TYPES = Set.of("integer", "number", "string", "boolean", "timestamp");

    public ColumnRule {
        type = type == null ? Optional.empty() : type;
        min = min == null ? Optional.empty() : min;
        max = max == null ? Optional.empty() : max;
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
        maxNullShare = maxNullShare == null ? Optional.empty() : maxNullShare;
        type.ifPresent(t -> {
            if (!TYPES.contains(t)) {
                throw CairnException.invalidParameter("Unknown column type '" + t + "' in a validation rule; use one of " + TYPES);
            }
        });
        maxNullShare.ifPresent(share -> {
            if (!(share >= 0 && share <= 1)) {
                throw CairnException.invalidParameter("max_null_share must be between 0 and 1, not " + share);
            }
        });
        if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
            throw CairnException.invalidParameter("A rule's min (" + min.get() + ") is above its max (" + max.get() + ")");
        }
    }
}
