package dev.cairn.data.validate;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one check.
 *
 * @param rule the check: {@code row_count}, {@code present}, {@code type}, {@code min}, {@code max},
 *             {@code allowed}, {@code max_null_share} or {@code unique}
 * @param column the column checked (empty for row count)
 * @param message what was found, in words
 * @param examples a few offending values
 */
public record RuleResult(String rule, Optional<String> column, boolean passed, String message, List<String> examples) {
    public RuleResult {
        examples = List.copyOf(examples);
    }
}
