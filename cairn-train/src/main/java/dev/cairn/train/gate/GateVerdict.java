package dev.cairn.train.gate;

import java.util.List;

/**
 * The outcome of a quality gate, with one line per check saying what was compared.
 *
 * @param passed true if every check passed
 */
public record GateVerdict(boolean passed, List<String> checks) {
    public GateVerdict {
        checks = List.copyOf(checks);
    }

    /** {@code passed} or {@code failed}. */
    public String word() {
        return passed ? "passed" : "failed";
    }
}
