package dev.cairn.model.encoding;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Encoding raw rows into model features: the model's order, one-hot lookups, dropped features, and reuse. */
class FeatureEncoderTest {
    private static final FeatureEncoding ENCODING = new FeatureEncoding(List.of(
            new NumericFeature("distance", 500, 250, 500, true),
            new OneHotFeature("hour", ColumnType.LONG, List.of("7", "8", "9")),
            new OneHotFeature("origin", ColumnType.STRING, List.of("ORD", "ATL"))),
            // The model's order differs from the transforms', and it never saw hour=9 or distance@missing.
            List.of("origin=ATL", "hour=8", "distance", "origin=ORD", "hour=7"));

    @Test
    void writesTheModelsFeaturesInItsOrderAndDropsTheOthers() {
        Frame raw = new Frame(List.of(
                new Column.Numbers("distance", ColumnType.DOUBLE, new double[] {750, 0, 250}, new boolean[] {false, true, false}),
                new Column.Numbers("hour", ColumnType.LONG, new double[] {8, 9, 7}, new boolean[3]),
                new Column.Strings("origin", new String[] {"ATL", "SFO", null})));

        Frame encoded = new FeatureEncoder(ENCODING).encode(raw);

        assertThat(encoded.columns()).extracting(Column::name).containsExactly("origin=ATL", "hour=8", "distance", "origin=ORD", "hour=7");
        assertThat(values(encoded, "distance")).containsExactly(1.0, 0.0, -1.0);
        assertThat(values(encoded, "hour=8")).as("an unseen hour (9) is all zeros").containsExactly(1.0, 0.0, 0.0);
        assertThat(values(encoded, "hour=7")).containsExactly(0.0, 0.0, 1.0);
        assertThat(values(encoded, "origin=ATL")).as("unseen (SFO) and missing origins are all zeros").containsExactly(1.0, 0.0, 0.0);
        assertThat(values(encoded, "origin=ORD")).containsExactly(0.0, 0.0, 0.0);
        assertThat(ENCODING.encode(raw)).as("the one-off path encodes the same").isEqualTo(encoded);
    }

    @Test
    void oneEncoderEncodesManyBatchesAlike() {
        FeatureEncoder encoder = new FeatureEncoder(ENCODING);
        for (int hour = 6; hour <= 9; hour++) {
            Frame raw = new Frame(List.of(Column.Numbers.ofDoubles("distance", new double[] {500}),
                    new Column.Numbers("hour", ColumnType.LONG, new double[] {hour}, new boolean[1]),
                    new Column.Strings("origin", new String[] {"ORD"})));
            assertThat(encoder.encode(raw)).isEqualTo(ENCODING.encode(raw));
            assertThat(values(encoder.encode(raw), "hour=7")).containsExactly(hour == 7 ? 1.0 : 0.0);
        }
    }

    @Test
    void aMissingRawColumnIsTheCallersError() {
        Frame raw = new Frame(List.of(Column.Numbers.ofDoubles("distance", new double[] {1})));
        assertThatThrownBy(() -> new FeatureEncoder(ENCODING).encode(raw)).isInstanceOf(CairnException.class)
                .hasMessageContaining("no column 'hour'");
    }

    private static double[] values(Frame frame, String name) {
        return ((Column.Numbers) frame.column(name).orElseThrow()).values();
    }
}
