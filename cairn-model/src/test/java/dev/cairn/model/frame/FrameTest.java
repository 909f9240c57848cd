package dev.cairn.model.frame;

import dev.cairn.core.error.CairnException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameTest {
    @Test
    void acceptsManyDistinctNamesAndFindsEachColumn() {
        List<Column> columns = features(500);

        Frame frame = new Frame(columns);

        assertThat(frame.rowCount()).isEqualTo(1);
        assertThat(frame.column("origin=A499")).containsSame(columns.get(499));
        assertThat(frame.column("origin=A0")).containsSame(columns.get(0));
        assertThat(frame.column("absent")).isEmpty();
    }

    @Test
    void rejectsANameGivenTwiceAmongMany() {
        List<Column> columns = features(300);
        columns.add(Column.Numbers.ofDoubles("origin=A123", new double[] {0}));

        assertThatThrownBy(() -> new Frame(columns))
                .isInstanceOf(CairnException.class)
                .hasMessage("Column `origin=A123` appears twice");
    }

    @Test
    void rejectsColumnsOfDifferentLengths() {
        assertThatThrownBy(() -> new Frame(List.of(Column.Numbers.ofDoubles("a", new double[] {1, 2}),
                Column.Numbers.ofDoubles("b", new double[] {1}))))
                .isInstanceOf(CairnException.class)
                .hasMessage("Column `b` has 1 rows; column `a` has 2");
    }

    @Test
    void anEmptyFrameHasNoRows() {
        assertThat(new Frame(List.of()).rowCount()).isZero();
    }

    private static List<Column> features(int count) {
        List<Column> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            columns.add(Column.Numbers.ofDoubles("origin=A" + i, new double[] {i}));
        }
        return columns;
    }
}
