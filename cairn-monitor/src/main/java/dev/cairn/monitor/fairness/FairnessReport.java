package dev.cairn.monitor.fairness;

import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import static java.util.Objects.requireNonNull;

/**
 * How evenly a binary decision falls on the groups of a sensitive column, in Fairlearn's terms.
 *
 * <p>Demographic parity compares the selection rates: the difference is the largest rate minus
 * the smallest, the ratio the smallest over the largest. A ratio under {@value #FOUR_FIFTHS} fails
 * the four-fifths rule of the US employment guidelines, and the report is then flagged. Equalized
 * odds compares the true positive rates and the false positive rates among labelled rows: its
 * difference is the larger of the two spreads. A group without labelled positives (or negatives)
 * has no true (false) positive rate and is left out of that spread, rather than counted as 0; a
 * spread over fewer than two groups is undefined (NaN), not 0.
 *
 * @param column the sensitive column
 * @param positiveClass the class whose prediction is the positive decision
 * @param groups each group's counts, in the groups' order
 * @param demographicParityDifference the largest selection rate minus the smallest
 * @param demographicParityRatio the smallest selection rate over the largest (NaN when no group is selected at all)
 * @param flagged whether the ratio is under {@value #FOUR_FIFTHS}
 * @param equalizedOdds the spreads of the rates among labelled rows, when there are any
 */
public record FairnessReport(String column, String positiveClass, List<GroupOutcome> groups, double demographicParityDifference,
                             double demographicParityRatio, boolean flagged, Optional<EqualizedOdds> equalizedOdds) {
    /** The ratio of selection rates under which a decision fails the four-fifths rule. */
    public static final double FOUR_FIFTHS = 0.8;

    public FairnessReport {
        requireNonNull(column, "column is null");
        requireNonNull(positiveClass, "positiveClass is null");
        groups = List.copyOf(groups);
        requireNonNull(equalizedOdds, "equalizedOdds is null");
    }

    /**
     * The spreads of the error rates between groups.
     *
     * @param truePositiveRateDifference the largest true positive rate minus the smallest (NaN when no group has labelled positives)
     * @param falsePositiveRateDifference the same of the false positive rates (NaN when no group has labelled negatives)
     * @param difference the larger of the two, Fairlearn's equalized odds difference
     */
    public record EqualizedOdds(double truePositiveRateDifference, double falsePositiveRateDifference, double difference) {
    }

    /** The report over the groups' outcomes; at least one group with rows is needed. */
    public static FairnessReport of(String column, String positiveClass, List<GroupOutcome> groups) {
        List<GroupOutcome> present = groups.stream().filter(group -> group.count() > 0).toList();
        if (present.isEmpty()) {
            throw new IllegalArgumentException("fairness needs at least one group with rows");
        }
        double lowest = min(present, GroupOutcome::selectionRate);
        double highest = max(present, GroupOutcome::selectionRate);
        double ratio = highest == 0 ? Double.NaN : lowest / highest;
        Optional<EqualizedOdds> odds = Optional.empty();
        if (present.stream().anyMatch(group -> group.labelled() > 0)) {
            double tpr = spread(present, GroupOutcome::truePositiveRate);
            double fpr = spread(present, GroupOutcome::falsePositiveRate);
            double difference = Double.isNaN(tpr) ? fpr : Double.isNaN(fpr) ? tpr : Math.max(tpr, fpr);
            odds = Optional.of(new EqualizedOdds(tpr, fpr, difference));
        }
        return new FairnessReport(column, positiveClass, present, highest - lowest, ratio, ratio < FOUR_FIFTHS, odds);
    }

    /** The largest defined value minus the smallest; NaN unless two groups have one, since one group compares with nothing. */
    private static double spread(List<GroupOutcome> groups, ToDoubleFunction<GroupOutcome> rate) {
        long defined = groups.stream().mapToDouble(rate).filter(value -> !Double.isNaN(value)).count();
        return defined < 2 ? Double.NaN : max(groups, rate) - min(groups, rate);
    }

    private static double min(List<GroupOutcome> groups, ToDoubleFunction<GroupOutcome> rate) {
        return groups.stream().mapToDouble(rate).filter(value -> !Double.isNaN(value)).min().orElse(Double.NaN);
    }

    private static double max(List<GroupOutcome> groups, ToDoubleFunction<GroupOutcome> rate) {
        return groups.stream().mapToDouble(rate).filter(value -> !Double.isNaN(value)).max().orElse(Double.NaN);
    }
}
