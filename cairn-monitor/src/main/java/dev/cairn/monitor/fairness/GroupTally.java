package dev.cairn.monitor.fairness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Counts the decisions per group one row at a time, so a window of any length is summarised in
 * memory proportional to its groups. Not thread-safe.
 */
public final class GroupTally {
    private final Map<String, long[]> counts = new TreeMap<>();

    /** Adds a row without a label: its group and whether it was given the positive decision. */
    public void add(String group, boolean selected) {
        long[] tally = tally(group);
        tally[0]++;
        tally[1] += selected ? 1 : 0;
    }

    /** Adds a labelled row: its group, whether it was given the positive decision, and whether its label is the positive class. */
    public void add(String group, boolean selected, boolean positive) {
        add(group, selected);
        long[] tally = tally(group);
        if (positive) {
            tally[2]++;
            tally[3] += selected ? 1 : 0;
        } else {
            tally[4]++;
            tally[5] += selected ? 1 : 0;
        }
    }

    /** How many groups have been seen. */
    public int groups() {
        return counts.size();
    }

    /** The groups' outcomes, in the groups' order. */
    public List<GroupOutcome> outcomes() {
        List<GroupOutcome> outcomes = new ArrayList<>(counts.size());
        counts.forEach((group, t) -> outcomes.add(new GroupOutcome(group, t[0], t[1], t[2], t[3], t[4], t[5])));
        return outcomes;
    }

    private long[] tally(String group) {
        requireNonNull(group, "group is null");
        return counts.computeIfAbsent(group, g -> new long[6]);
    }
}
