package dev.cairn.data.split;

import dev.cairn.core.error.CairnException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a dataset is cut into named parts (train, test, monitor). */
public sealed interface SplitRule permits SplitRule.ByTime, SplitRule.ByRatio {
    /** The parts' names, in order. */
    java.util.Set<String> parts();

    /** A readable rule for one part, recorded on the dataset version. */
    String describe(String part);

    /** A half-open time range: {@code from <= value < to}, as dates or timestamps in ISO form. */
    record TimeRange(String from, String to) {
        public TimeRange {
            if (from == null || to == null || from.isBlank() || to.isBlank()) {
                throw CairnException.invalidParameter("A time range needs 'from' and 'to'");
            }
        }
    }

    /** Parts by ranges of a time column: train on January, test on February. Rows outside every range are in no part. */
    record ByTime(String column, Map<String, TimeRange> ranges) implements SplitRule {
        public ByTime {
            if (column == null || column.isBlank()) {
                throw CairnException.invalidParameter("A time split needs a 'column'");
            }
            if (ranges == null || ranges.isEmpty()) {
                throw CairnException.invalidParameter("A time split needs at least one part with 'from' and 'to'");
            }
            ranges = Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
        }

        @Override
        public java.util.Set<String> parts() {
            return ranges.keySet();
        }

        @Override
        public String describe(String part) {
            TimeRange range = ranges.get(part);
            return column + " >= " + range.from() + " AND " + column + " < " + range.to();
        }
    }

    /** Parts by share of rows, each row placed by a hash of its position and the seed; the ratios must sum to 1. */
    record ByRatio(Map<String, Double> ratios, long seed) implements SplitRule {
        public ByRatio {
            if (ratios == null || ratios.isEmpty()) {
                throw CairnException.invalidParameter("A ratio split needs at least one part with its ratio");
            }
            ratios = Collections.unmodifiableMap(new LinkedHashMap<>(ratios));
            double sum = 0;
            for (Map.Entry<String, Double> ratio : ratios.entrySet()) {
                if (!(ratio.getValue() > 0 && ratio.getValue() <= 1)) {
                    throw CairnException.invalidParameter("Split ratio of '" + ratio.getKey() + "' must be in (0, 1], not " + ratio.getValue());
                }
                sum += ratio.getValue();
            }
            if (Math.abs(sum - 1) > 1e-9) {
                throw CairnException.invalidParameter("Split ratios must sum to 1, not " + sum);
            }
        }

        @Override
        public java.util.Set<String> parts() {
            return ratios.keySet();
        }

        @Override
        public String describe(String part) {
            return "ratio " + ratios.get(part) + " of rows, seed " + seed;
        }
    }
}
