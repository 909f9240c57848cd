package dev.cairn.monitor.fairness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Selection rates, demographic parity and equalized odds worked out by hand. */
class FairnessReportTest {
    @Test
    void ratesAndDifferencesMatchCountsWorkedOutByHand() {
        GroupTally tally = new GroupTally();
        // Group a: 10 labelled rows, 5 positive (4 selected) and 5 negative (2 selected): selection 6/10, TPR 4/5, FPR 2/5.
        add(tally, "a", 4, true, true);
        add(tally, "a", 1, false, true);
        add(tally, "a", 2, true, false);
        add(tally, "a", 3, false, false);
        // Group b: 8 labelled rows, 4 positive (2 selected), 4 negative (none selected): selection 2/8, TPR 2/4, FPR 0.
        add(tally, "b", 2, true, true);
        add(tally, "b", 2, false, true);
        add(tally, "b", 4, false, false);

        FairnessReport report = FairnessReport.of("sex", "1", tally.outcomes());
        assertThat(report.groups()).extracting(GroupOutcome::group).containsExactly("a", "b");
        GroupOutcome a = report.groups().get(0);
        assertThat(a.count()).isEqualTo(10);
        assertThat(a.selectionRate()).isCloseTo(0.6, within(1e-12));
        assertThat(a.truePositiveRate()).isCloseTo(0.8, within(1e-12));
        assertThat(a.falsePositiveRate()).isCloseTo(0.4, within(1e-12));
        assertThat(report.groups().get(1).selectionRate()).isCloseTo(0.25, within(1e-12));
        assertThat(report.demographicParityDifference()).isCloseTo(0.35, within(1e-12));
        assertThat(report.demographicParityRatio()).isCloseTo(0.25 / 0.6, within(1e-12));
        assertThat(report.flagged()).as("0.42 fails the four-fifths rule").isTrue();
        FairnessReport.EqualizedOdds odds = report.equalizedOdds().orElseThrow();
        assertThat(odds.truePositiveRateDifference()).isCloseTo(0.3, within(1e-12));
        assertThat(odds.falsePositiveRateDifference()).isCloseTo(0.4, within(1e-12));
        assertThat(odds.difference()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void theFourFifthsRuleFlagsARatioUnderItAndNotOneAtIt() {
        GroupTally atTheLine = new GroupTally();
        add(atTheLine, "x", 5, true);
        add(atTheLine, "x", 5, false);
        add(atTheLine, "y", 4, true);
        add(atTheLine, "y", 6, false);
        FairnessReport even = FairnessReport.of("region", "yes", atTheLine.outcomes());
        assertThat(even.demographicParityRatio()).isCloseTo(0.8, within(1e-12));
        assertThat(even.flagged()).isFalse();
        assertThat(even.equalizedOdds()).as("no labels, no error rates").isEmpty();

        GroupTally under = new GroupTally();
        add(under, "x", 50, true);
        add(under, "x", 50, false);
        add(under, "y", 39, true);
        add(under, "y", 61, false);
        FairnessReport unfair = FairnessReport.of("region", "yes", under.outcomes());
        assertThat(unfair.demographicParityRatio()).isCloseTo(0.78, within(1e-12));
        assertThat(unfair.demographicParityDifference()).isCloseTo(0.11, within(1e-12));
        assertThat(unfair.flagged()).isTrue();
    }

    @Test
    void groupsWithoutARateAreLeftOutOfItsSpreadAndNoSelectionHasNoRatio() {
        GroupTally tally = new GroupTally();
        // Group a has labelled positives only (TPR 1/2, no FPR); b has negatives only (FPR 1/3, no TPR); c is unlabelled.
        add(tally, "a", 1, true, true);
        add(tally, "a", 1, false, true);
        add(tally, "b", 1, true, false);
        add(tally, "b", 2, false, false);
        add(tally, "c", 4, false);
        FairnessReport report = FairnessReport.of("group", "1", tally.outcomes());
        FairnessReport.EqualizedOdds odds = report.equalizedOdds().orElseThrow();
        assertThat(odds.truePositiveRateDifference()).as("one group has a TPR: nothing to compare it with").isNaN();
        assertThat(odds.falsePositiveRateDifference()).isNaN();
        assertThat(odds.difference()).as("undefined, not 'perfectly fair'").isNaN();
        assertThat(report.groups().get(2).truePositiveRate()).isNaN();
        assertThat(report.demographicParityRatio()).as("c selects nobody").isZero();
        assertThat(report.flagged()).isTrue();

        GroupTally nobody = new GroupTally();
        add(nobody, "a", 3, false);
        add(nobody, "b", 2, false);
        FairnessReport none = FairnessReport.of("group", "1", nobody.outcomes());
        assertThat(none.demographicParityDifference()).isZero();
        assertThat(none.demographicParityRatio()).as("0 over 0").isNaN();
        assertThat(none.flagged()).isFalse();
    }

    private static void add(GroupTally tally, String group, int rows, boolean selected, boolean positive) {
        for (int i = 0; i < rows; i++) {
            tally.add(group, selected, positive);
        }
    }

    private static void add(GroupTally tally, String group, int rows, boolean selected) {
        for (int i = 0; i < rows; i++) {
            tally.add(group, selected);
        }
    }
}
