package dev.cairn.data.validate;

import java.util.List;
import java.util.stream.Collectors;

/** Every check's outcome on a dataset. */
public record ValidationReport(String dataset, long rows, List<RuleResult> results) {
    public ValidationReport {
        results = List.copyOf(results);
    }

    /** True if every check passed. */
    public boolean passed() {
        return results.stream().allMatch(RuleResult::passed);
    }

    /** The failed checks. */
    public List<RuleResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }

    /** A readable summary: one line per failed check, with its examples. */
    public String describe() {
        if (passed()) {
            return "Validation of " + dataset + " passed: " + results.size() + " checks on " + rows + " rows";
        }
        return "Validation of " + dataset + " failed " + failures().size() + " of " + results.size() + " checks:\n"
                + failures().stream().map(r -> "  - " + r.rule() + r.column().map(c -> " of column '" + c + "'").orElse("") + ": " + r.message()
                        + (r.examples().isEmpty() ? "" : " (e.g. " + String.join(", ", r.examples()) + ")"))
                .collect(Collectors.joining("\n"));
    }
}
