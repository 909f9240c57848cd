package dev.cairn.monitor.integrity;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One integrity check of one column: how many current values break it, whether that makes it a
 * violation, and up to {@link #MAX_EXAMPLES} of the offending values as text, most frequent
 * first. A check that does not apply to the column (a range for a text column, say) is
 * {@link #NOT_APPLICABLE}.
 */
public record IntegrityCheck(boolean applies, long count, boolean violated, List<String> examples) {
    /** At most this many example values are kept. */
    public static final int MAX_EXAMPLES = 5;

    /** A check that does not apply to the column. */
    public static final IntegrityCheck NOT_APPLICABLE = new IntegrityCheck(false, 0, false, List.of());

    public IntegrityCheck {
        examples = List.copyOf(requireNonNull(examples, "examples is null"));
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, not " + count);
        }
        if (examples.size() > MAX_EXAMPLES || examples.size() > count) {
            throw new IllegalArgumentException(examples.size() + " examples for a count of " + count + " (at most " + MAX_EXAMPLES + ")");
        }
        if (!applies && (count != 0 || violated || !examples.isEmpty())) {
            throw new IllegalArgumentException("a check that does not apply has no count, violation or examples");
        }
    }

    /** A check that applies: {@code count} offending values, violated when there is at least one. */
    public static IntegrityCheck of(long count, List<String> examples) {
        return new IntegrityCheck(true, count, count > 0, examples);
    }
}
