package dev.cairn.monitor.fairness;

import static java.util.Objects.requireNonNull;

/**
 * The decisions made for one group of a sensitive column.
 *
 * @param group the group's value
 * @param count the rows of the group
 * @param selected the rows given the positive decision
 * @param positives the labelled rows whose label is the positive class
 * @param truePositives the positives given the positive decision
 * @param negatives the labelled rows whose label is the negative class
 * @param falsePositives the negatives given the positive decision
 */
public record GroupOutcome(String group, long count, long selected, long positives, long truePositives, long negatives,
                           long falsePositives) {
    public GroupOutcome {
        requireNonNull(group, "group is null");
        if (count < 0 || selected < 0 || positives < 0 || truePositives < 0 || negatives < 0 || falsePositives < 0
                || selected > count || truePositives > positives || falsePositives > negatives || positives + negatives > count) {
            throw new IllegalArgumentException("inconsistent counts for group '" + group + "'");
        }
    }

    /** The share of the group's rows given the positive decision (NaN for an empty group). */
    public double selectionRate() {
        return count == 0 ? Double.NaN : (double) selected / count;
    }

    /** The share of the group's positives given the positive decision (NaN when it has no labelled positives). */
    public double truePositiveRate() {
        return positives == 0 ? Double.NaN : (double) truePositives / positives;
    }

    /** The share of the group's negatives given the positive decision (NaN when it has no labelled negatives). */
    public double falsePositiveRate() {
        return negatives == 0 ? Double.NaN : (double) falsePositives / negatives;
    }

    /** The labelled rows of the group. */
    public long labelled() {
        return positives + negatives;
    }
}
