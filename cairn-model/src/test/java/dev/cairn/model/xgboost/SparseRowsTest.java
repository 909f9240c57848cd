package dev.cairn.model.xgboost;

import dev.cairn.core.error.CairnException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SparseRowsTest {
    @Test
    void leavesOutZerosAndMissingValuesOfTheChosenRows() {
        double[][] features = {
                {1.5, 0.0, Double.NaN, 4.0},
                {0.0, 2.0, 3.0, 0.0},
                {7.0, 0.0, 0.0, 0.0},
        };
        SparseRows rows = SparseRows.of(features, new int[] {3, 0, 2, 1});

        assertThat(rows.rowCount()).isEqualTo(4);
        assertThat(rows.columnCount()).isEqualTo(3);
        assertThat(rows.rowStarts()).containsExactly(0, 1, 3, 4, 5);
        assertThat(rows.columns()).containsExactly(0, 0, 2, 1, 1);
        assertThat(rows.values()).containsExactly(4f, 1.5f, 7f, 3f, 2f);
    }

    @Test
    void aValueBeyondTheFloatRangeIsRefusedRatherThanMadeInfinite() {
        assertThat(SparseRows.of(new double[][] {{Float.MAX_VALUE, -Float.MAX_VALUE}}, new int[] {0, 1}).values())
                .containsExactly(Float.MAX_VALUE, -Float.MAX_VALUE);
        assertThatThrownBy(() -> SparseRows.of(new double[][] {{1.0, -1e39}}, new int[] {0, 1}))
                .isInstanceOf(CairnException.class).hasMessageStartingWith("Feature 0 of row 1 is -1.0E39, beyond what the model computes with");
    }

    @Test
    void aRowWithoutFeaturesHasNoEntries() {
        SparseRows rows = SparseRows.of(new double[][] {{0.0, 1.0}}, new int[] {0, 1});

        assertThat(rows.rowStarts()).containsExactly(0, 0, 1);
    }

    @Test
    void selectedRowsAreTheMatrixBuiltForThoseRows() {
        double[][] features = {
                {1.5, 0.0, Double.NaN, 4.0, 0.0},
                {0.0, 2.0, 3.0, 0.0, 0.0},
                {7.0, 0.0, 0.0, 0.0, 5.0},
        };
        SparseRows all = SparseRows.of(features, new int[] {0, 1, 2, 3, 4});
        int[] chosen = {4, 0, 3, 1};
        SparseRows selected = all.select(chosen);
        SparseRows built = SparseRows.of(features, chosen);

        assertThat(selected.rowStarts()).containsExactly(built.rowStarts());
        assertThat(selected.columns()).containsExactly(built.columns());
        assertThat(selected.values()).containsExactly(built.values());
        assertThat(selected.columnCount()).isEqualTo(3);
    }
}
