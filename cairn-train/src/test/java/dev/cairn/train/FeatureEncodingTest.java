package dev.cairn.train;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.encoding.FeatureEncoding;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import dev.cairn.train.encode.EncodingSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Each kind of feature encoding, fitted on a small frame and applied to rows it has and has not seen. */
class FeatureEncodingTest {
    private static final Frame TRAIN = new Frame(List.of(
            new Column.Numbers("distance", ColumnType.DOUBLE, new double[] {100, 200, 300, 0}, new boolean[] {false, false, false, true}),
            new Column.Strings("origin", new String[] {"ORD", "ORD", "ATL", "DFW"}),
            new Column.Strings("tail", new String[] {"N1", "N2", "N3", null}),
            new Column.Strings("date", new String[] {"2001-01-15 13:45:00", "2001-02-03 07:00:00", "2001-12-31", null})));

    @Test
    void numbersAreStandardizedWithTrainingMomentsAndMissingValuesFilled() {
        FeatureEncoding encoding = new EncodingSpec(List.of("distance"), "standard", true, List.of(), 0, Map.of(), Map.of()).fit(TRAIN);
        assertThat(encoding.features()).containsExactly("distance", "distance@missing");
        Frame encoded = encoding.encode(TRAIN);
        double std = Math.sqrt((100.0 * 100 + 0 + 100 * 100) / 3);
        assertThat(values(encoded, "distance")).containsExactly(new double[] {-100 / std, 0, 100 / std, 0}, within(1e-12));
        assertThat(values(encoded, "distance@missing")).containsExactly(0, 0, 0, 1);

        FeatureEncoding raw = new EncodingSpec(List.of("distance"), "none", false, List.of(), 0, Map.of(), Map.of()).fit(TRAIN);
        assertThat(values(raw.encode(TRAIN), "distance")).containsExactly(100, 200, 300, 200);
    }

    @Test
    void oneHotKeepsTheMostFrequentCategoriesAndIgnoresUnseenOnes() {
        FeatureEncoding encoding = new EncodingSpec(List.of(), "standard", false, List.of("origin"), 2, Map.of(), Map.of()).fit(TRAIN);
        assertThat(encoding.features()).hasSize(2).startsWith("origin=ORD");
        Frame serving = new Frame(List.of(new Column.Strings("origin", new String[] {"ORD", "SFO", null})));
        Frame encoded = encoding.encode(serving);
        assertThat(values(encoded, "origin=ORD")).containsExactly(1, 0, 0);
        double[] second = values(encoded, encoding.features().get(1));
        assertThat(second).containsExactly(0, 0, 0);
    }

    @Test
    void hashedCategoriesSetExactlyOneStableBucket() {
        FeatureEncoding encoding = new EncodingSpec(List.of(), "standard", false, List.of(), 0, Map.of("tail", 8), Map.of()).fit(TRAIN);
        assertThat(encoding.features()).hasSize(8).allMatch(name -> name.matches("tail#[0-7]"));
        Frame serving = new Frame(List.of(new Column.Strings("tail", new String[] {"N1", "N1", "N999", null})));
        Frame encoded = encoding.encode(serving);
        double[] rowSums = new double[4];
        int[] bucketOf = new int[4];
        for (int b = 0; b < 8; b++) {
            double[] bucket = values(encoded, "tail#" + b);
            for (int r = 0; r < 4; r++) {
                rowSums[r] += bucket[r];
                if (bucket[r] == 1) {
                    bucketOf[r] = b;
                }
            }
        }
        assertThat(rowSums).containsExactly(1, 1, 1, 0);
        // The bucket is String.hashCode modulo the buckets: "N1" is 'N' * 31 + '1' = 78 * 31 + 49 = 2467, and 2467 mod 8 = 3.
        assertThat(bucketOf[0]).isEqualTo(bucketOf[1]).isEqualTo(3);
    }

    @Test
    void datePartsComeFromDatesAndTimestamps() {
        FeatureEncoding encoding = new EncodingSpec(List.of(), "standard", false, List.of(), 0, Map.of(),
                Map.of("date", List.of("hour", "weekday", "month", "day", "day_of_year"))).fit(TRAIN);
        Frame encoded = encoding.encode(TRAIN);
        assertThat(values(encoded, "date_hour")).containsExactly(13, 7, 0, 0);
        assertThat(values(encoded, "date_weekday")).containsExactly(1, 6, 1, 0);   // Monday, Saturday, Monday; missing gives 0
        assertThat(values(encoded, "date_month")).containsExactly(1, 2, 12, 0);
        assertThat(values(encoded, "date_day")).containsExactly(15, 3, 31, 0);
        assertThat(values(encoded, "date_day_of_year")).containsExactly(15, 34, 365, 0);

        Frame bad = new Frame(List.of(new Column.Strings("date", new String[] {"15/01/2001"})));
        assertThatThrownBy(() -> encoding.encode(bad)).isInstanceOf(CairnException.class)
                .hasMessageContaining("Column 'date' holds '15/01/2001', which is not a date");
    }

    @Test
    void specErrorsNameTheColumn() {
        assertThatThrownBy(() -> new EncodingSpec(List.of("origin"), "standard", false, List.of(), 0, Map.of(), Map.of()).fit(TRAIN))
                .hasMessageContaining("Column 'origin' is text; declare it under one_hot or hashed");
        assertThatThrownBy(() -> new EncodingSpec(List.of("nope"), "standard", false, List.of(), 0, Map.of(), Map.of()).fit(TRAIN))
                .hasMessageContaining("features names column 'nope', which the training data does not have");
        assertThatThrownBy(() -> new EncodingSpec(List.of(), "minmax", false, List.of(), 0, Map.of(), Map.of()))
                .hasMessageContaining("features.scaling must be 'standard' or 'none'");
    }

    private static double[] values(Frame frame, String column) {
        return ((Column.Numbers) frame.column(column).orElseThrow()).values();
    }
}
